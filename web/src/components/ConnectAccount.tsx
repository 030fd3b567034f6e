/**
 * Connecting a platform account from the console (Settings → accounts): Telegram (the bot's
 * rights checked first and shown as a checklist), WeCom (after creation: the callback URL to copy
 * into the app's settings and whether callbacks arrive yet) and the sandbox platform. The
 * platform's refusal is said next to the field it concerns, in the console's language with the
 * platform's own reason.
 */
import { CheckCircleFilled, CloseCircleFilled, CopyOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, List, Modal, Radio, Segmented, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsApi, ApiError, settingsApi, type Account, type NewAccount, type TelegramCheck } from '../api/index.ts';
import { errorText } from '../lib/errors.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import i18n from '../i18n/index.ts';
import { fmtRelative } from '../lib/format.ts';

type Platform = 'telegram' | 'wecom' | 'sandbox';

/** Puts a 400's issues, or a refusal, on the form's fields; true when a field took it. */
function showOnFields(form: FormInstance, error: unknown, refusalField: string[], urlField: string[] | null): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.issues.length > 0) {
    const fields = error.issues.map((i) => ({ name: i.path.replace(/^body\./, '').split('.'), errors: [`${errorText(error).split(' — ')[0]}: ${i.message}`] }));
    form.setFields(fields);
    return true;
  }
  if (error.code === 'platform_refused' || error.code === 'platform_unavailable' || error.code === 'conflict') {
    const aboutUrl = urlField && /refused: |could not reach|address/i.test(error.message);
    form.setFields([{ name: aboutUrl ? urlField : refusalField, errors: [errorText(error)] }]);
    return true;
  }
  return false;
}

/** Opens the form; the modal itself is rendered once by the page, so that it outlives the list it refreshes. */
export function ConnectAccountButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return <Button type="primary" onClick={onClick} data-testid="connect-account">{t('connect.button')}</Button>;
}

export function ConnectAccountModal({ open, onClose, onConnected }: { open: boolean; onClose: () => void; onConnected: () => void }) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<Platform>('telegram');
  const [created, setCreated] = useState<Account | null>(null);
  const close = () => { setCreated(null); onClose(); };
  return (
    <Modal open={open} title={t('connect.title')} onCancel={close} footer={null} destroyOnHidden width={620}>
      {created ? (
        <Connected account={created} onDone={close} />
      ) : (
        <>
          <Segmented<Platform>
            block
            value={platform}
            onChange={setPlatform}
            options={(['telegram', 'wecom', 'sandbox'] as const).map((p) => ({ value: p, label: <span data-testid={`connect-platform-${p}`}>{t(`platform.${p}`)}</span> }))}
            style={{ marginBottom: 16 }}
          />
          {platform === 'telegram' ? <TelegramForm onCreated={(a) => { setCreated(a); onConnected(); }} /> : null}
          {platform === 'wecom' ? <WecomForm onCreated={(a) => { setCreated(a); onConnected(); }} /> : null}
          {platform === 'sandbox' ? <SandboxForm onCreated={(a) => { setCreated(a); onConnected(); }} /> : null}
        </>
      )}
    </Modal>
  );
}

function TelegramForm({ onCreated }: { onCreated: (a: Account) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ token: string; mode: 'polling' | 'webhook'; apiRoot?: string; name?: string }>();
  const [busy, setBusy] = useState<'check' | 'create' | null>(null);
  const [check, setCheck] = useState<TelegramCheck | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const values = () => {
    const v = form.getFieldsValue();
    return { token: (v.token ?? '').trim(), mode: v.mode, apiRoot: v.apiRoot?.trim() || undefined, name: v.name?.trim() || undefined };
  };
  const run = async (what: 'check' | 'create') => {
    try { await form.validateFields(); } catch { return; }
    setBusy(what);
    setFailure(null);
    const v = values();
    try {
      if (what === 'check') setCheck(await accountsApi.checkTelegram(v.token, v.apiRoot));
      else onCreated(await accountsApi.create({ platform: 'telegram', ...v }));
    } catch (error) {
      if (what === 'check') setCheck(null);
      if (!showOnFields(form, error, ['token'], ['apiRoot'])) setFailure(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ mode: 'polling' }} disabled={busy !== null} onValuesChange={(changed) => { if ('token' in changed || 'apiRoot' in changed) setCheck(null); }}>
      <Typography.Paragraph type="secondary">{t('connect.telegramHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" data-testid="connect-error" /> : null}
      <Form.Item name="token" label={t('connect.botToken')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="off" placeholder="123456789:AA…" data-testid="connect-telegram-token" />
      </Form.Item>
      <Form.Item name="mode" label={t('connect.mode')} extra={t('connect.modeHint')}>
        <Radio.Group options={[{ value: 'polling', label: t('connect.polling') }, { value: 'webhook', label: t('connect.webhook') }]} />
      </Form.Item>
      <Form.Item name="apiRoot" label={t('connect.apiRoot')} extra={t('connect.apiRootHint')}>
        <Input placeholder="https://api.telegram.org" />
      </Form.Item>
      <Form.Item name="name" label={t('connect.name')}>
        <Input placeholder={t('connect.nameOptional')} />
      </Form.Item>
      {check ? <TelegramChecklist check={check} /> : null}
      <Space>
        <Button onClick={() => void run('check')} loading={busy === 'check'} data-testid="connect-telegram-check">{t('connect.check')}</Button>
        <Button type="primary" disabled={!check} onClick={() => void run('create')} loading={busy === 'create'} data-testid="connect-submit">{t('connect.connect')}</Button>
      </Space>
    </Form>
  );
}

function Mark({ ok, warn }: { ok: boolean; warn?: boolean }) {
  if (ok) return <CheckCircleFilled className="qy-good" aria-hidden />;
  return warn ? <ExclamationCircleFilled style={{ color: '#d48806' }} aria-hidden /> : <CloseCircleFilled className="qy-bad" aria-hidden />;
}

/** The check's notes are English sentences from the server: the known ones are said in the console's language. */
const NOTES: Array<[RegExp, string]> = [
  [/^the webhook state is unknown/, 'connect.note.webhookUnknown'],
  [/^a webhook is set/, 'connect.note.webhookSet'],
  [/^pending updates could not be read: (.*)$/s, 'connect.note.updatesUnread'],
  [/^no groups known yet/, ''], // the checklist says it
];

function translateNote(note: string): string | null {
  const tDynamic = i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string;
  for (const [pattern, key] of NOTES) {
    const m = pattern.exec(note);
    if (m) return key ? tDynamic(key, { reason: m[1] ?? '' }) : null;
  }
  return note;
}

function TelegramChecklist({ check }: { check: TelegramCheck }) {
  const { t } = useTranslation();
  const notes = check.notes.map(translateNote).filter((n): n is string => n !== null);
  return (
    <div data-testid="telegram-checklist" style={{ marginBottom: 16 }}>
      <List size="small" bordered>
        <List.Item><Space><Mark ok />{t('connect.botFound', { username: check.bot.username })}</Space></List.Item>
        {check.groups.length === 0 ? <List.Item><Space><Mark ok={false} warn />{t('connect.noGroupsYet')}</Space></List.Item> : null}
        {check.groups.map((g) => (
          <List.Item key={g.chatId}>
            <Space wrap>
              <Mark ok={!g.error && g.isAdmin && g.missingRights.length === 0} />
              <Typography.Text strong>{g.title || g.chatId}</Typography.Text>
              {g.error ? <Typography.Text type="danger">{g.error}</Typography.Text>
                : !g.isAdmin ? <Typography.Text type="danger">{t('connect.notAdmin')}</Typography.Text>
                : g.missingRights.length === 0 ? <Typography.Text type="secondary">{t('connect.allRights')}</Typography.Text> : null}
              {g.missingRights.map((r) => <Tag key={r} color="red" title={r}>{t('connect.missing')}: {dynamicLabel(`telegramRight.${r}`, r)}</Tag>)}
            </Space>
          </List.Item>
        ))}
      </List>
      {/* The server's problems are English sentences; the checklist above says each of them in the console's language. */}
      {check.problems.length > 0 ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('connect.problemsCount', { count: check.problems.length })} description={t('connect.problemsHint')} data-testid="telegram-problems" />
      ) : <Alert type="success" showIcon style={{ marginTop: 8 }} title={t('connect.checkOk')} />}
      {notes.length > 0 ? <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('connect.notes')} description={<ul className="qy-plain-list">{notes.map((n) => <li key={n}>{n}</li>)}</ul>} /> : null}
    </div>
  );
}

interface WecomValues { name: string; corpId: string; secret: string; token: string; encodingAesKey: string; agentId?: string; apiRoot?: string; sidecarUrl?: string }

function WecomForm({ onCreated }: { onCreated: (a: Account) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WecomValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (v: WecomValues) => {
    setBusy(true);
    setFailure(null);
    const input: NewAccount = {
      platform: 'wecom', name: v.name.trim(), corpId: v.corpId.trim(), secret: v.secret.trim(), token: v.token.trim(), encodingAesKey: v.encodingAesKey.trim(),
      ...(v.agentId?.trim() ? { agentId: v.agentId.trim() } : {}),
      ...(v.apiRoot?.trim() ? { apiRoot: v.apiRoot.trim() } : {}),
      ...(v.sidecarUrl?.trim() ? { archive: { sidecarUrl: v.sidecarUrl.trim() } } : {}),
    };
    try {
      onCreated(await accountsApi.create(input));
    } catch (error) {
      if (error instanceof ApiError && error.issues.some((i) => i.path === 'body.archive.sidecarUrl')) {
        form.setFields([{ name: 'sidecarUrl', errors: [errorText(error)] }]);
      } else if (!showOnFields(form, error, error instanceof ApiError && error.code === 'conflict' ? ['corpId'] : ['secret'], ['apiRoot'])) {
        setFailure(errorText(error));
      }
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  return (
    <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
      <Typography.Paragraph type="secondary">{t('connect.wecomHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" data-testid="connect-error" /> : null}
      <Form.Item name="name" label={t('connect.name')} rules={required}><Input placeholder={t('connect.wecomNamePlaceholder')} /></Form.Item>
      <Form.Item name="corpId" label={t('connect.corpId')} rules={required}><Input placeholder="ww…" /></Form.Item>
      <Form.Item name="secret" label={t('connect.secret')} extra={t('connect.secretHint')} rules={required}><Input.Password autoComplete="off" /></Form.Item>
      <Form.Item name="token" label={t('connect.callbackToken')} rules={required}><Input.Password autoComplete="off" /></Form.Item>
      <Form.Item name="encodingAesKey" label={t('connect.aesKey')} extra={t('connect.aesKeyHint')} rules={[...required, { len: 43, message: t('connect.aesKeyLength') }]}><Input.Password autoComplete="off" /></Form.Item>
      <Form.Item name="agentId" label={t('connect.agentId')}><Input placeholder={t('connect.optional')} /></Form.Item>
      <Form.Item name="apiRoot" label={t('connect.apiRoot')}><Input placeholder="https://qyapi.weixin.qq.com" /></Form.Item>
      <Form.Item name="sidecarUrl" label={t('connect.sidecarUrl')} extra={t('connect.sidecarHint')}><Input placeholder={t('connect.optional')} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="connect-submit">{t('connect.connect')}</Button>
    </Form>
  );
}

function SandboxForm({ onCreated }: { onCreated: (a: Account) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ baseUrl: string; token: string; name?: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (v: { baseUrl: string; token: string; name?: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      onCreated(await accountsApi.create({ platform: 'sandbox', baseUrl: v.baseUrl.trim(), token: v.token.trim(), ...(v.name?.trim() ? { name: v.name.trim() } : {}) }));
    } catch (error) {
      if (!showOnFields(form, error, ['token'], ['baseUrl'])) setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  return (
    <Form form={form} layout="vertical" onFinish={submit} disabled={busy}>
      <Typography.Paragraph type="secondary">{t('connect.sandboxHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" data-testid="connect-error" /> : null}
      <Form.Item name="baseUrl" label={t('connect.baseUrl')} rules={required}><Input placeholder="http://127.0.0.1:8600" data-testid="connect-sandbox-url" /></Form.Item>
      <Form.Item name="token" label={t('connect.botToken')} rules={required}><Input.Password autoComplete="off" data-testid="connect-sandbox-token" /></Form.Item>
      <Form.Item name="name" label={t('connect.name')}><Input placeholder={t('connect.nameOptional')} /></Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="connect-submit">{t('connect.connect')}</Button>
    </Form>
  );
}

/** After creation: for WeCom, the callback URL to copy and whether callbacks arrive yet (polled). */
function Connected({ account, onDone }: { account: Account; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [current, setCurrent] = useState(account);
  useEffect(() => {
    if (account.platform !== 'wecom') return;
    const timer = setInterval(async () => {
      try {
        const page = await settingsApi.accounts({ limit: 200 });
        const found = page.items.find((a) => a.id === account.id);
        if (found) setCurrent(found);
      } catch {
        // shown on the next try
      }
    }, 5000);
    return () => clearInterval(timer);
  }, [account.id, account.platform]);
  return (
    <div data-testid="connect-done">
      <Alert type={current.status === 'error' ? 'warning' : 'success'} showIcon title={t('connect.connected', { name: current.name })}
        description={`${t(`platform.${current.platform as Platform}`)} · ${current.externalId} · ${t(`accountStatus.${current.status}`)}`} className="qy-auth-alert" />
      {current.webhookUrl && current.platform === 'wecom' ? (
        <>
          <Typography.Paragraph>{t('connect.callbackUrlHint')}</Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={current.webhookUrl} data-testid="connect-callback-url" onFocus={(e) => e.target.select()} aria-label={t('settings.webhookUrl')} />
            <Button type="primary" icon={<CopyOutlined />} onClick={async () => {
              try { await navigator.clipboard.writeText(current.webhookUrl!); message.success(t('settings.copied')); } catch { message.info(t('settings.copyManually')); }
            }}>{t('action.copy')}</Button>
          </Space.Compact>
          <Typography.Paragraph style={{ marginTop: 12 }} data-testid="connect-verification">
            <CallbackState account={current} />
          </Typography.Paragraph>
        </>
      ) : null}
      <div className="qy-modal-foot">
        <Button type="primary" onClick={onDone} data-testid="connect-finish">{t('action.done')}</Button>
      </div>
    </div>
  );
}

/** WeCom: whether the callback URL passed WeCom's verification, and whether callbacks arrive. */
export function CallbackState({ account }: { account: Account }) {
  const { t } = useTranslation();
  if (account.platform !== 'wecom') return null;
  return (
    <span data-testid={`account-callback-state-${account.id}`} data-verified={account.callbackVerifiedAt ? 'yes' : 'no'}>
      {account.callbackVerifiedAt
        ? <Space><Mark ok />{t('connect.callbackVerified', { when: fmtRelative(account.callbackVerifiedAt) })}</Space>
        : <Space><Mark ok={false} warn />{t('connect.callbacksWaiting')}</Space>}
      {account.lastEventAt ? <div className="qy-small"><Typography.Text type="secondary">{t('connect.callbacksArrive', { when: fmtRelative(account.lastEventAt) })}</Typography.Text></div> : null}
    </span>
  );
}
