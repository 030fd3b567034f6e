/** The designed loading, empty and error states every page uses (never a bare spinner). */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Result, Skeleton, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/index.ts';
import { errorText } from '../lib/errors.ts';

export function ErrorState({ error, onRetry, compact }: { error: Error; onRetry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const api = error instanceof ApiError ? error : undefined;
  const title =
    api?.status === 403 ? t('state.forbiddenTitle')
    : api?.status === 404 ? t('state.notFoundTitle')
    : api?.status === 0 ? t('state.offlineTitle')
    : t('state.errorTitle');
  const retry = onRetry && api?.status !== 403 && api?.status !== 404 ? (
    <Button type="primary" icon={<ReloadOutlined />} onClick={onRetry} data-testid="retry">
      {t('action.retry')}
    </Button>
  ) : null;
  if (compact) {
    return (
      <div className="qy-state qy-state-compact" data-testid="error-state">
        <Typography.Text type="danger">{title}</Typography.Text>
        <Typography.Text type="secondary">{errorText(error)}</Typography.Text>
        {retry}
      </div>
    );
  }
  return (
    <Result
      status={api?.status === 403 ? '403' : api?.status === 404 ? '404' : 'warning'}
      title={title}
      subTitle={<span data-testid="error-message">{errorText(error)}</span>}
      extra={retry}
      data-testid="error-state"
    />
  );
}

export function EmptyState({ title, description, action, icon }: { title: ReactNode; description?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="qy-state" data-testid="empty-state">
      <Empty
        image={icon ?? Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <Space orientation="vertical" size={4}>
            <Typography.Text strong>{title}</Typography.Text>
            {description ? <Typography.Text type="secondary">{description}</Typography.Text> : null}
          </Space>
        }
      >
        {action}
      </Empty>
    </div>
  );
}

export function KpiSkeleton({ count }: { count: number }) {
  return (
    <div className="qy-kpis" data-testid="loading">
      {Array.from({ length: count }, (_, i) => (
        <Card key={i} className="qy-kpi">
          <Skeleton active title={{ width: '40%' }} paragraph={{ rows: 2, width: ['70%', '30%'] }} />
        </Card>
      ))}
    </div>
  );
}

export function ChartSkeleton({ height = 260 }: { height?: number }) {
  return (
    <div className="qy-chart-skeleton" style={{ height }} data-testid="loading">
      {Array.from({ length: 14 }, (_, i) => (
        <span key={i} style={{ height: `${25 + ((i * 37) % 60)}%` }} />
      ))}
    </div>
  );
}

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="qy-table-skeleton" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton.Input key={i} active block size="small" />
      ))}
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div className="qy-page" data-testid="loading">
      <Skeleton active title={{ width: 200 }} paragraph={false} />
      <KpiSkeleton count={4} />
      <Card>
        <ChartSkeleton />
      </Card>
    </div>
  );
}
