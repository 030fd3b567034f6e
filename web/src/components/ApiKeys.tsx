/**
 * Read-only API keys for BI tools, in settings (owners only): create one (its secret is shown once,
 * in a dialog with a copy button), see when each was last used, revoke. The server keeps only a
 * hash (src/reports/api-keys.ts); creating and revoking are audited.
 */
import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportsApi, type ApiKey } from '../api/reports.ts';
import { fmtDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { ErrorState, TableSkeleton } from './states.tsx';

const RATE_LIMIT = 120;

export function ApiKeysTab() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const state = useAsync((signal) => reportsApi.apiKeys(signal), []);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const create = async () => {
    if (!name.trim()) return;
    setBusy(true);
    try {
      const r = await reportsApi.createApiKey(name.trim());
      setSecret(r.secret);
      setName('');
      state.reload();
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (k: ApiKey) => {
    await reportsApi.revokeApiKey(k.id);
    state.reload();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="api-keys-tab">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('apiKeys.help', { limit: RATE_LIMIT })}</Typography.Paragraph>
      <Form layout="inline" onFinish={() => void create()}>
        <Form.Item label={t('apiKeys.name')} htmlFor="api-key-name">
          <Input id="api-key-name" value={name} maxLength={100} placeholder={t('apiKeys.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="api-key-name" />
        </Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" loading={busy} disabled={!name.trim()} data-testid="api-key-create">{t('apiKeys.create')}</Button></Form.Item>
      </Form>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : !state.data ? <TableSkeleton rows={3} /> : (
        <Table<ApiKey> rowKey="id" size="small" pagination={false} dataSource={state.data.items} data-testid="api-keys-table"
          locale={{ emptyText: t('apiKeys.empty') }}
          columns={[
            { title: t('apiKeys.name'), dataIndex: 'name' },
            { title: t('apiKeys.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
            { title: t('apiKeys.createdBy'), key: 'createdBy', render: (_: unknown, k) => k.createdBy?.name ?? '—' },
            { title: t('apiKeys.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
            { title: t('apiKeys.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? fmtDateTime(v) : t('apiKeys.never')) },
            { title: t('apiKeys.status'), key: 'status', render: (_: unknown, k) => (k.revokedAt ? <Tag>{t('apiKeys.revoked')}</Tag> : <Tag color="green">{t('apiKeys.active')}</Tag>) },
            { title: '', key: 'actions', render: (_: unknown, k) => (k.revokedAt ? null : (
              <Popconfirm title={t('apiKeys.revokeConfirm', { name: k.name })} onConfirm={() => revoke(k)} okText={t('apiKeys.revoke')}>
                <Button size="small" danger data-testid={`api-key-revoke-${k.id}`}>{t('apiKeys.revoke')}</Button>
              </Popconfirm>
            )) },
          ]} />
      )}
      <Modal open={secret !== null} title={t('apiKeys.secretTitle')} onCancel={() => setSecret(null)} onOk={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
        <Typography.Paragraph>{t('apiKeys.secretHelp')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={secret ?? ''} aria-label={t('apiKeys.secretTitle')} data-testid="api-key-secret" />
          <Button onClick={() => { void navigator.clipboard?.writeText(secret ?? '').then(() => message.success(t('apiKeys.copied'))); }}>{t('apiKeys.copy')}</Button>
        </Space.Compact>
      </Modal>
    </Space>
  );
}
