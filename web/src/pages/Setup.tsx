/** First run: name the workspace and create its owner, who is signed in straight away. */
import { Alert, Button, Form, Input, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, sessionApi, type SetupInput } from '../api/index.ts';
import { applyIssues, AuthFrame } from '../components/AuthFrame.tsx';
import { errorText } from '../lib/errors.ts';
import { ErrorState } from '../components/states.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { useSession } from '../state/session.tsx';

export default function Setup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [form] = Form.useForm<SetupInput & { confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const status = useAsync(() => sessionApi.setupStatus(), []);

  const submit = async ({ confirm: _confirm, ...values }: SetupInput & { confirm: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await sessionApi.setup({ ...values, email: values.email.trim(), workspaceName: values.workspaceName.trim(), name: values.name.trim() });
      await refresh();
      navigate('/', { replace: true });
    } catch (error) {
      if (!applyIssues(form, error)) setFailure(errorText(error));
      if (error instanceof ApiError && error.status === 409) status.reload();
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (status.loading && !status.data) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (status.error) body = <ErrorState compact error={status.error} onRetry={status.reload} />;
  else if (status.data && !status.data.needsSetup) {
    body = (
      <Result
        status="success"
        title={t('setup.doneTitle')}
        subTitle={t('setup.doneText')}
        extra={
          <Link to="/login">
            <Button type="primary">{t('login.submit')}</Button>
          </Link>
        }
      />
    );
  } else {
    body = (
      <>
        {failure ? <Alert type="error" showIcon title={failure} className="qy-auth-alert" /> : null}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
          <Form.Item name="workspaceName" label={t('setup.workspaceName')} extra={t('setup.workspaceHint')} rules={[{ required: true, whitespace: true, max: 80, message: t('validation.required') }]}>
            <Input data-testid="setup-workspace" placeholder={t('setup.workspacePlaceholder')} autoFocus />
          </Form.Item>
          <Form.Item name="name" label={t('field.name')} rules={[{ required: true, whitespace: true, max: 80, message: t('validation.required') }]}>
            <Input data-testid="setup-name" autoComplete="name" />
          </Form.Item>
          <Form.Item name="email" label={t('field.email')} rules={[{ required: true, type: 'email', message: t('validation.email') }]}>
            <Input data-testid="setup-email" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('field.password')} extra={t('setup.passwordHint')} rules={[{ required: true, min: 12, message: t('validation.password') }]}>
            <Input.Password data-testid="setup-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('field.confirmPassword')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
              }),
            ]}
          >
            <Input.Password data-testid="setup-confirm" autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <AuthFrame testId="setup-page" title={t('setup.title')} subtitle={t('setup.subtitle')}>
      {body}
    </AuthFrame>
  );
}
