/**
 * The background recompute of the figures after a change of time zone (issue #12 item 7):
 * "recomputing 40%" while it runs, polled until it is done, then when it finished.
 */
import { Alert, Progress } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollupRecompute } from '../api/index.ts';
import { fmtDateTime } from '../lib/format.ts';

export function RecomputeStatus({ recompute, onPoll }: { recompute: RollupRecompute | null | undefined; onPoll: () => void }) {
  const { t } = useTranslation();
  const pending = recompute?.state === 'queued' || recompute?.state === 'running';
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(onPoll, 1500);
    return () => clearTimeout(timer);
  }, [pending, recompute?.progress, onPoll]);
  if (!recompute) return null;
  const percent = Math.round(recompute.progress * 100);
  if (pending) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="recompute-status"
        data-state={recompute.state}
        title={t(recompute.state === 'queued' ? 'history.recomputeQueued' : 'history.recomputing', { percent, zone: recompute.timezone })}
        description={<Progress percent={percent} size="small" aria-label={t('history.recomputeProgress')} />}
      />
    );
  }
  if (recompute.state === 'failed') {
    return <Alert type="error" showIcon data-testid="recompute-status" data-state="failed" title={t('history.recomputeFailed', { zone: recompute.timezone })} />;
  }
  return (
    <Alert type="success" showIcon data-testid="recompute-status" data-state="done"
      title={t('history.recomputed', { zone: recompute.timezone, at: recompute.finishedAt ? fmtDateTime(recompute.finishedAt) : '' })} />
  );
}
