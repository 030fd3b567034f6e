/** Workspace, staff and roles (invite links), platform accounts, audit log, and one's own account (password, sign out everywhere). */
import { ApiOutlined, CopyOutlined, DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Badge, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ROLES, sessionApi, settingsApi, type Account, type AuditEntry, type InviteLink, type Page, type Role, type Staff } from '../api/index.ts';
import { applyIssues } from '../components/AuthFrame.tsx';
import { CallbackState, ConnectAccountButton, ConnectAccountModal } from '../components/ConnectAccount.tsx';
import { ConfirmOnDemand, Hint } from '../components/bits.tsx';
import { auditSentence } from '../lib/audit.ts';
import { errorText } from '../lib/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { RecomputeStatus } from '../components/RecomputeStatus.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtRelative, toDay } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync, type AsyncState } from '../lib/useAsync.ts';
import { usePermissions, useSession } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';
import { ApiKeysTab } from '../components/ApiKeys.tsx';

export default function Settings() {
  const { t } = useTranslation();
  const { isAdmin, role } = usePermissions();
  const navigate = useNavigate();
  const tabs = [
    { key: 'workspace', label: t('settings.workspace'), children: <WorkspaceTab /> },
    ...(isAdmin ? [{ key: 'staff', label: t('settings.staff'), children: <StaffTab /> }] : []),
    { key: 'accounts', label: t('settings.accounts'), children: <AccountsTab /> },
    ...(isAdmin ? [{ key: 'audit', label: t('settings.audit'), children: <AuditTab /> }] : []),
    ...(role === 'owner' ? [{ key: 'api-keys', label: t('apiKeys.title'), children: <ApiKeysTab /> }] : []),
    { key: 'me', label: t('account.tab'), children: <AccountTab /> },
  ];
  const requested = useParams().tab;
  const active = tabs.some((tab) => tab.key === requested) ? requested! : 'workspace';
  return (
    <div className="qy-page" data-testid="settings-page">
      <PageHeader title={t('settings.title')} />
      <Card>
        <Tabs activeKey={active} onChange={(key) => navigate(`/settings/${key}`)} items={tabs.map((tab) => ({ ...tab, label: <span data-testid={`settings-tab-${tab.key}`}>{tab.label}</span> }))} destroyOnHidden />
      </Card>
    </div>
  );
}

function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];
  }
}

function WorkspaceTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { isAdmin } = usePermissions();
  const { refresh } = useSession();
  const [form] = Form.useForm<{ name: string; timezone: string }>();
  const [busy, setBusy] = useState(false);
  const state = useAsync((signal) => settingsApi.workspace(signal), []);
  const zoneOptions = useMemo(() => zones().map((z) => ({ value: z, label: z })), []);
  useEffect(() => {
    if (state.data) form.setFieldsValue({ name: state.data.name, timezone: state.data.timezone });
  }, [state.data, form]);

  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Skeleton active paragraph={{ rows: 4 }} />;

  return (
    <Form
      form={form}
      layout="vertical"
      className="qy-narrow-form"
      disabled={!isAdmin || busy}
      onFinish={async (values) => {
        setBusy(true);
        try {
          const updated = await settingsApi.updateWorkspace({ name: values.name.trim(), timezone: values.timezone });
          state.setData(() => updated);
          await refresh();
          message.success(t('settings.saved'));
        } catch {
          // shown by the client
        } finally {
          setBusy(false);
        }
      }}
    >
      {!isAdmin ? <Alert type="info" showIcon title={t('settings.readOnly')} className="qy-auth-alert" /> : null}
      <Form.Item name="name" label={t('settings.workspaceName')} rules={[{ required: true, whitespace: true, max: 80, message: t('validation.required') }]}>
        <Input data-testid="workspace-name-input" />
      </Form.Item>
      <Form.Item name="timezone" label={t('settings.timezone')} extra={t('settings.timezoneHint')} rules={[{ required: true }]}>
        <Select showSearch options={zoneOptions} data-testid="workspace-timezone" />
      </Form.Item>
      <RecomputeStatus recompute={state.data.recompute} onPoll={state.reload} />
      <Form.Item label={t('settings.slug')}>
        <Typography.Text code>{state.data.slug}</Typography.Text>
      </Form.Item>
      {isAdmin ? (
        <Button type="primary" htmlType="submit" loading={busy} data-testid="workspace-save">
          {t('action.save')}
        </Button>
      ) : null}
    </Form>
  );
}

function StaffTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { session } = useSession();
  const { isOwner } = usePermissions();
  const [page, setPage] = useState(1);
  const state = useAsync((signal) => settingsApi.staff({ limit: 50, offset: (page - 1) * 50 }, signal), [page]);
  const [inviteOpen, setInviteOpen] = useState(false);
  const roleOptions = (isOwner ? ROLES : ROLES.filter((r) => r !== 'owner')).map((r) => ({ value: r, label: t(`role.${r}`) }));

  const changeRole = async (member: Staff, role: Role) => {
    try {
      const updated = await settingsApi.setRole(member.id, role);
      state.setData((prev) => (prev ? { ...prev, items: prev.items.map((s) => (s.id === member.id ? { ...s, ...updated, role } : s)) } : prev));
      message.success(t('settings.roleChanged', { name: member.name, role: t(`role.${role}`) }));
    } catch {
      state.reload();
    }
  };

  const remove = async (member: Staff) => {
    try {
      await settingsApi.removeStaff(member.id);
      message.success(t('settings.removed', { name: member.name }));
      state.reload();
    } catch {
      // shown by the client
    }
  };

  let body;
  if (state.error && !state.data) body = <ErrorState error={state.error} onRetry={state.reload} />;
  else if (!state.data) body = <TableSkeleton rows={4} />;
  else {
    body = (
      <Table<Staff>
        rowKey="id"
        size="middle"
        dataSource={state.data.items}
        loading={state.loading}
        data-testid="staff-table"
        pagination={state.data.total > 50 ? { current: page, pageSize: 50, total: state.data.total, onChange: setPage } : false}
        columns={[
          { title: t('field.name'), dataIndex: 'name', render: (v: string, s) => (s.id === session?.user.id ? <Space>{v}<Tag>{t('settings.you')}</Tag></Space> : v) },
          { title: t('field.email'), dataIndex: 'email' },
          {
            title: t('field.role'),
            key: 'role',
            width: 180,
            render: (_, s) =>
              s.id === session?.user.id || (s.role === 'owner' && !isOwner) ? (
                <Tag>{t(`role.${s.role}`)}</Tag>
              ) : (
                <Select size="small" value={s.role} options={roleOptions} style={{ width: 140 }} onChange={(role: Role) => void changeRole(s, role)} data-testid={`staff-role-${s.id}`} />
              ),
          },
          { title: t('settings.groupsAssigned'), dataIndex: 'groups', align: 'right', width: 110 },
          {
            title: '',
            key: 'actions',
            width: 60,
            render: (_, s) =>
              s.id === session?.user.id || (s.role === 'owner' && !isOwner) ? null : (
                <ConfirmOnDemand title={t('settings.removeConfirm', { name: s.name })} okText={t('action.remove')} okButtonProps={{ danger: true }} onConfirm={() => remove(s)}>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.remove')} />
                </ConfirmOnDemand>
              ),
          },
        ]}
      />
    );
  }

  return (
    <div>
      <div className="qy-tab-toolbar">
        <Typography.Text type="secondary">{t('settings.staffHint')}</Typography.Text>
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviteOpen(true)} data-testid="staff-invite">
          {t('settings.invite')}
        </Button>
      </div>
      {body}
      <InviteModal open={inviteOpen} roleOptions={roleOptions} onClose={() => setInviteOpen(false)} />
    </div>
  );
}

function InviteModal({ open, roleOptions, onClose }: { open: boolean; roleOptions: { value: Role; label: string }[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ email: string; role: Role }>();
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<InviteLink | null>(null);

  const close = () => {
    setLink(null);
    form.resetFields();
    onClose();
  };

  return (
    <Modal open={open} title={t('settings.invite')} onCancel={close} footer={null} destroyOnHidden>
      {link ? (
        <div data-testid="invite-link">
          <Alert type="success" showIcon title={t('settings.inviteCreated')} description={t('settings.inviteExpires', { date: fmtDateTime(link.expiresAt) })} className="qy-auth-alert" />
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={link.url} data-testid="invite-url" onFocus={(e) => e.target.select()} />
            <Button
              type="primary"
              icon={<CopyOutlined />}
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(link.url);
                  message.success(t('settings.copied'));
                } catch {
                  message.info(t('settings.copyManually'));
                }
              }}
            >
              {t('action.copy')}
            </Button>
          </Space.Compact>
          <div className="qy-modal-foot">
            <Button onClick={() => setLink(null)}>{t('settings.inviteAnother')}</Button>
            <Button type="primary" onClick={close}>
              {t('action.done')}
            </Button>
          </div>
        </div>
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ role: 'operator' }}
          disabled={busy}
          onFinish={async (values) => {
            setBusy(true);
            try {
              setLink(await settingsApi.invite(values.email.trim(), values.role));
            } catch {
              // shown by the client
            } finally {
              setBusy(false);
            }
          }}
        >
          <Typography.Paragraph type="secondary">{t('settings.inviteHint')}</Typography.Paragraph>
          <Form.Item name="email" label={t('field.email')} rules={[{ required: true, type: 'email', message: t('validation.email') }]}>
            <Input autoFocus data-testid="invite-email" />
          </Form.Item>
          <Form.Item name="role" label={t('field.role')} extra={t('settings.roleHint')}>
            <Select options={roleOptions} data-testid="invite-role" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="invite-create">
            {t('settings.createLink')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}

const statusBadge = { active: 'success', error: 'error', disabled: 'default' } as const;

/** Why an account is in error, in the console's language when its fault is known, and when it is tried again. */
function AccountFaultNote({ account: a }: { account: Account }) {
  const { t } = useTranslation();
  // Fault codes come from the server: translated when the console knows them, else its English message.
  const tDynamic = t as unknown as (key: string, options: Record<string, unknown>) => string;
  const params: Record<string, unknown> = { ...(a.fault?.params ?? {}), message: a.error ?? '' };
  if (typeof params.direction === 'string') params.direction = tDynamic(`accountFault.direction.${params.direction}`, { defaultValue: params.direction });
  const reason = a.fault ? tDynamic(`accountFault.${a.fault.code}`, { ...params, defaultValue: a.error ?? a.fault.code }) : a.error;
  return (
    <div data-testid={`account-fault-${a.id}`}>
      <Typography.Text type="danger" className="qy-small">
        {reason}
      </Typography.Text>
      {a.retry ? (
        <div className="qy-small">
          <Typography.Text type="secondary">
            {a.retry.nextAt ? t('settings.nextRetry', { when: fmtRelative(a.retry.nextAt) }) : t('settings.noRetry')}
            {a.retry.attempts > 1 ? ` · ${t('settings.retryAttempts', { count: a.retry.attempts })}` : ''}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}

function AccountsTab() {
  const { isAdmin } = usePermissions();
  // The empty states of the overview and the groups page link here with ?connect=1: the form opens.
  const [searchParams, setSearchParams] = useSearchParams();
  const [connectOpen, setConnectOpen] = useState(() => isAdmin && searchParams.get('connect') === '1');
  const closeConnect = () => {
    setConnectOpen(false);
    if (searchParams.has('connect')) setSearchParams({}, { replace: true });
  };
  const state = useAsync((signal) => settingsApi.accounts({ limit: 200 }, signal), []);
  return (
    <>
      <AccountsList state={state} onConnect={() => setConnectOpen(true)} />
      <ConnectAccountModal open={connectOpen} onClose={closeConnect} onConnected={state.reload} />
    </>
  );
}

function AccountsList({ state, onConnect }: { state: AsyncState<Page<Account>>; onConnect: () => void }) {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  if (state.error && !state.data) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <TableSkeleton rows={3} />;
  if (state.data.total === 0) {
    return <EmptyState icon={<ApiOutlined className="qy-empty-icon" />} title={t('settings.noAccountsTitle')} description={t('settings.noAccountsText')}
      action={isAdmin ? <ConnectAccountButton onClick={onConnect} /> : undefined} />;
  }
  return (
    <div>
    {isAdmin ? (
      <div className="qy-tab-toolbar">
        <Typography.Text type="secondary">{t('connect.toolbarHint')}</Typography.Text>
        <ConnectAccountButton onClick={onConnect} />
      </div>
    ) : null}
    <Table<Account>
      rowKey="id"
      size="middle"
      loading={state.loading}
      dataSource={state.data.items}
      pagination={false}
      data-testid="accounts-table"
      columns={[
        {
          title: t('settings.account'),
          key: 'name',
          width: 340,
          render: (_, a) => (
            <div>
              <Typography.Text strong>{a.name}</Typography.Text>
              <div>
                <Tag>{dynamicLabel(`platform.${a.platform}`, a.platform)}</Tag>
                <Typography.Text type="secondary" className="qy-mono">
                  {a.externalId}
                </Typography.Text>
              </div>
              {a.webhookUrl ? (
                <div className="qy-small" data-testid={`account-webhook-${a.id}`}>
                  <Typography.Text type="secondary">{t('settings.webhookUrl')}: </Typography.Text>
                  <Typography.Text className="qy-mono" copyable>
                    {a.webhookUrl}
                  </Typography.Text>
                </div>
              ) : null}
            </div>
          ),
        },
        {
          title: t('settings.status'),
          key: 'status',
          width: 220,
          render: (_, a) => (
            <div>
              <Badge status={statusBadge[a.status]} text={t(`accountStatus.${a.status}`)} />
              {a.status === 'error' && a.error ? <AccountFaultNote account={a} /> : null}
              <div className="qy-small"><CallbackState account={a} /></div>
            </div>
          ),
        },
        { title: t('settings.lastEvent'), dataIndex: 'lastEventAt', width: 110, render: (v: string | null) => (v ? <span title={fmtDateTime(v)}>{fmtRelative(v)}</span> : <span className="qy-muted">{t('members.never')}</span>) },
        { title: t('nav.groups'), dataIndex: 'groups', width: 80, align: 'right' },
        {
          title: t('settings.capabilities'),
          dataIndex: 'capabilities',
          render: (caps: string[], a) => (
            <span className="qy-tag-line">
              {caps.map((c) => (
                <Tag key={c} color="cyan">
                  {dynamicLabel(`capability.${c}`, c)}
                </Tag>
              ))}
              {(a.unsupported ?? []).map((u) => (
                <Hint key={u.capability} title={<>{u.reason}{u.instead ? <><br />{t('settings.instead')}: {u.instead}</> : null}</>}>
                  <Tag className="qy-tag-unsupported">{dynamicLabel(`capability.${u.capability}`, u.capability)}</Tag>
                </Hint>
              ))}
            </span>
          ),
        },
      ]}
    />
    </div>
  );
}

function AuditTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<{ actorId?: number; action?: string; target?: string; from?: string; to?: string }>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const staff = useAsync((signal) => settingsApi.staff({ limit: 200 }, signal), []);
  const state = useAsync(
    (signal) => settingsApi.audit({ ...filters, limit: pageSize, offset: (page - 1) * pageSize }, signal),
    [filters.actorId, filters.action, filters.target, filters.from, filters.to, page, pageSize],
  );
  const patch = (next: Partial<typeof filters>) => {
    setFilters((prev) => ({ ...prev, ...next }));
    setPage(1);
  };
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');

  let body;
  if (state.error && !state.data) body = <ErrorState error={state.error} onRetry={state.reload} />;
  else if (!state.data) body = <TableSkeleton rows={8} />;
  else {
    body = (
      <ExportTable<AuditEntry>
        exportFrom={{ source: '/api/audit', query: filters, name: 'audit' }}
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data.items}
        data-testid="audit-table"
        locale={{ emptyText: <EmptyState title={filtered ? t('settings.auditNoMatch') : t('settings.auditEmpty')} description={filtered ? undefined : t('settings.auditEmptyText')} /> }}
        pagination={{ current: page, pageSize, total: state.data.total, showSizeChanger: true, onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); } }}
        expandable={{
          rowExpandable: (e) => e.detail !== null && Object.keys(e.detail).length > 0,
          expandedRowRender: (e) => <pre className="qy-json">{JSON.stringify(e.detail, null, 2)}</pre>,
        }}
        columns={[
          { title: t('settings.auditAt'), dataIndex: 'at', width: 160, render: (v: string) => fmtDateTime(v) },
          {
            title: t('settings.auditActor'), key: 'actor', width: 140,
            // A failed sign-in has no actor: the email that was tried says who it was about.
            render: (_, e) => e.actor?.name ?? (typeof e.detail?.email === 'string'
              ? <Typography.Text type="danger">{e.detail.email}</Typography.Text>
              : <Typography.Text type="secondary">{t('settings.system')}</Typography.Text>),
          },
          { title: t('settings.auditAction'), key: 'action', render: (_, e) => <span data-testid={`audit-sentence-${e.id}`} title={`${e.action} · ${e.target}`}>{auditSentence(e)}</span> },
          { title: 'IP', dataIndex: 'ip', width: 130, render: (v: string | null) => <span className="qy-mono">{v ?? '–'}</span> },
        ]}
      />
    );
  }

  return (
    <div>
      <div className="qy-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('settings.auditActor')}
          className="qy-filter"
          value={filters.actorId}
          options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v: number | undefined) => patch({ actorId: v })}
        />
        <Input.Search allowClear placeholder={t('settings.auditAction')} className="qy-filter" onSearch={(v) => patch({ action: v.trim() || undefined })} />
        <Input.Search allowClear placeholder={t('settings.auditTarget')} className="qy-filter" onSearch={(v) => patch({ target: v.trim() || undefined })} />
        <DatePicker.RangePicker
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(r) => patch({ from: r?.[0] ? toDay(r[0]) : undefined, to: r?.[1] ? toDay(r[1]) : undefined })}
        />
      </div>
      {body}
    </div>
  );
}

/**
 * The signed-in user's own account, for every role: change the password (the other sessions are
 * signed out) and sign out everywhere (every session, this one included).
 */
function AccountTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { session, clear } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const change = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await sessionApi.changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      message.success(t('account.passwordChanged'));
    } catch (error) {
      if (!applyIssues(form, error)) setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const everywhere = async () => {
    try {
      await sessionApi.logoutEverywhere();
    } finally {
      clear();
      navigate('/login', { replace: true });
    }
  };

  return (
    <div className="qy-narrow-form" data-testid="account-tab">
      <Typography.Title level={5}>{t('account.passwordTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('account.passwordHint', { email: session?.user.email ?? '' })}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" /> : null}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={change} disabled={busy}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="account-current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('setup.passwordHint')} rules={[{ required: true, min: 12, message: t('validation.password') }]}>
          <Input.Password autoComplete="new-password" data-testid="account-new-password" />
        </Form.Item>
        <Form.Item
          name="confirm" label={t('field.confirmPassword')} dependencies={['newPassword']}
          rules={[{ required: true, message: t('validation.required') }, ({ getFieldValue }) => ({
            validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
          })]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="account-change-password">{t('account.changePassword')}</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 32 }}>{t('account.everywhereTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('account.everywhereHint')}</Typography.Paragraph>
      <Popconfirm title={t('account.everywhereConfirm')} onConfirm={() => everywhere()} okButtonProps={{ danger: true }}>
        <Button danger data-testid="account-logout-everywhere">{t('account.everywhere')}</Button>
      </Popconfirm>
    </div>
  );
}
