/**
 * The public appeal page (issue #13 item 6): a member opens the link an operator gave them (the
 * link is the credential), sees what was done and why, and sends an appeal once. Made for a phone.
 */
import { Alert, Button, Descriptions, Input, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { moderationApi } from '../api/index.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { ErrorState } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { fmtDateTime } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';

export default function Appeal() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const view = useAsync((signal) => moderationApi.publicAppeal(token, signal), [token]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await moderationApi.fileAppeal(token, text.trim());
      view.reload();
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const v = view.data;
  return (
    <AuthFrame title={t('moderation.public.title')} subtitle={t('moderation.public.subtitle')} testId="appeal-page">
      {view.error && !v ? <ErrorState error={view.error} /> : !v ? <Skeleton active /> : (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('moderation.public.group')}>{v.group}</Descriptions.Item>
            <Descriptions.Item label={t('moderation.public.at')}>{fmtDateTime(v.occurredAt)}</Descriptions.Item>
            {v.text ? <Descriptions.Item label={t('moderation.public.message')}>{v.text}</Descriptions.Item> : null}
            <Descriptions.Item label={t('moderation.public.what')}>
              {v.actions.map((a) => <Tag key={a}>{t(`moderation.step.${a}`, { defaultValue: a })}{a === 'mute' && v.muteMinutes ? ` ${v.muteMinutes}′` : ''}</Tag>)}
              {v.category ? <Tag color="orange">{t(`moderation.category.${v.category}`, { defaultValue: v.category })}</Tag> : null}
            </Descriptions.Item>
          </Descriptions>
          {v.appeal ? (
            <Alert style={{ marginTop: 16 }} type="info" showIcon message={t('moderation.public.sent')}
              description={<>{t('moderation.public.state')}: {t(`moderation.appealState.${v.appeal.state}`, { defaultValue: v.appeal.state })} · {v.appeal.text}</>} />
          ) : (
            <div style={{ marginTop: 16 }}>
              <Input.TextArea rows={5} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('moderation.public.placeholder')} aria-label={t('moderation.public.yourAppeal')} data-testid="appeal-text" />
              {failure ? <Alert style={{ marginTop: 8 }} type="error" message={failure} /> : null}
              <Button type="primary" block style={{ marginTop: 12 }} loading={busy} disabled={!text.trim()} onClick={() => void send()} data-testid="appeal-send">{t('moderation.public.send')}</Button>
            </div>
          )}
        </>
      )}
    </AuthFrame>
  );
}
