/**
 * Accept a staff invite: the link from Settings → Staff lands here. A new email sets a name and a
 * password; an email that has an account gives that account's password (checked and throttled like
 * a sign-in: 401, 423 and 429 are shown as the server says them).
 */
import { Alert, Button, Descriptions, Form, Input, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, sessionApi } from '../api/index.ts';
import { applyIssues, AuthFrame } from '../components/AuthFrame.tsx';
import { errorText } from '../lib/errors.ts';
import { ErrorState } from '../components/states.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { useSession } from '../state/session.tsx';

export default function InviteAccept() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [form] = Form.useForm<{ name: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const invite = useAsync(() => sessionApi.invite(token), [token]);

  const submit = async (values: { name: string; password: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await sessionApi.acceptInvite(token, values.name.trim(), values.password);
      await refresh();
      navigate('/', { replace: true });
    } catch (error) {
      if (!applyIssues(form, error)) setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (invite.loading && !invite.data) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (invite.error) {
    const gone = invite.error instanceof ApiError && (invite.error.status === 404 || invite.error.status === 410);
    body = gone ? <Alert type="warning" showIcon title={t('invite.invalidTitle')} description={t('invite.invalidText')} /> : <ErrorState compact error={invite.error} onRetry={invite.reload} />;
  } else if (invite.data) {
    body = (
      <>
        <Descriptions column={1} size="small" className="qy-invite-facts">
          <Descriptions.Item label={t('invite.workspace')}>{invite.data.workspaceName}</Descriptions.Item>
          <Descriptions.Item label={t('field.email')}>{invite.data.email}</Descriptions.Item>
          <Descriptions.Item label={t('field.role')}>{t(`role.${invite.data.role}`)}</Descriptions.Item>
        </Descriptions>
        {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" /> : null}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input autoFocus autoComplete="name" data-testid="invite-name" />
          </Form.Item>
          {/* Only "required" here: the server applies the policy to new accounts (its issues show under
              the field), and an existing account's password may predate the policy. */}
          <Form.Item name="password" label={t('field.password')} extra={t('invite.passwordHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="new-password" data-testid="invite-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="invite-submit">
            {t('invite.submit')}
          </Button>
        </Form>
      </>
    );
  }
  return (
    <AuthFrame testId="invite-page" title={t('invite.title')}>
      {body}
    </AuthFrame>
  );
}
