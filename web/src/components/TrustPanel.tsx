/** A member's trust level, the facts it came from and why (each requirement met or not), and its history. */
import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { activitiesApi } from '../api/index.ts';
import { fmtDateTime } from '../lib/format.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { useAsync } from '../lib/useAsync.ts';
import { ErrorState, TableSkeleton } from './states.tsx';

export function TrustPanel({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const trust = useAsync((signal) => activitiesApi.trust(memberId, signal), [memberId]);
  if (trust.error) return <ErrorState error={trust.error} onRetry={trust.reload} compact />;
  if (!trust.data) return <TableSkeleton rows={3} />;
  const d = trust.data;
  const reason = (r: (typeof d.reasons)[number]) => (
    <span>
      <Tag color={r.met ? 'green' : 'red'}>{r.met ? '✓' : '✗'}</Tag>
      {t('activities.trust.reasonLine', {
        level: r.level, what: dynamicLabel(`activities.trust.requirements.${r.requirement}`, String(r.requirement)),
        value: r.value ?? '—', needed: r.needed ?? t('activities.trust.ever'),
      })}
    </span>
  );
  return (
    <Card size="small" title={<span data-testid="trust-level">{t('activities.trust.title')}: {dynamicLabel(`activities.trust.levels.${d.level}`, String(d.level))} (L{d.level})</span>}>
      {d.facts ? (
        <Descriptions size="small" column={2} items={[
          { key: 'r', label: t('activities.trust.requirements.distinctRepliers'), children: d.facts.distinctRepliers },
          { key: 'a', label: t('activities.trust.requirements.answeredQuestions'), children: d.facts.answeredQuestions },
          { key: 's', label: t('activities.trust.requirements.longestStreak'), children: d.facts.longestStreak },
          { key: 't', label: t('activities.trust.requirements.tenureDays'), children: d.facts.tenureDays },
        ]} />
      ) : <Typography.Paragraph type="secondary">{t('activities.trust.notEvaluated')}</Typography.Paragraph>}
      {d.reasons.length ? <List size="small" header={t('activities.trust.why')} dataSource={d.reasons} renderItem={(r) => <List.Item>{reason(r)}</List.Item>} /> : null}
      {d.changes.length ? (
        <List size="small" header={t('activities.trust.history')} dataSource={d.changes} renderItem={(c) => (
          <List.Item>{fmtDateTime(c.at)} · L{c.fromLevel} → L{c.toLevel}</List.Item>
        )} />
      ) : null}
      <Typography.Text type="secondary">{d.evaluatedAt ? t('activities.trust.evaluatedAt', { at: fmtDateTime(d.evaluatedAt) }) : ''}</Typography.Text>
    </Card>
  );
}
