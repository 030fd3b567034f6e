/** Sign-in, with the server's lock-out (423) and rate-limit (429, countdown) answers spelled out. */
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, sessionApi } from '../api/index.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { describeError, errorText } from '../lib/errors.ts';
import { useSession } from '../state/session.tsx';

interface Problem {
  kind: 'invalid' | 'locked' | 'rateLimited' | 'other';
  message: string;
  until?: number;
}

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export default function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { session, refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<{ email: string; password: string }>();
  // Serving the demo (serve --demo): its sign-in, shown so that a newcomer needs no terminal.
  const [demo, setDemo] = useState<{ email: string; password: string } | undefined>(undefined);

  useEffect(() => {
    if (session) navigate(next, { replace: true });
  }, [session, next, navigate]);

  useEffect(() => {
    let live = true;
    sessionApi.setupStatus().then(
      (status) => {
        if (live && status.needsSetup) navigate('/setup', { replace: true });
        if (live && status.demo) setDemo(status.demo);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [navigate]);

  useEffect(() => {
    if (!problem?.until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [problem?.until]);

  const secondsLeft = problem?.until ? Math.max(0, Math.ceil((problem.until - now) / 1000)) : 0;
  const waiting = secondsLeft > 0;

  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      await sessionApi.login(values.email.trim(), values.password);
      await refresh();
      navigate(next, { replace: true });
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, { message: String(error) }, null);
      const until = e.retryAfterSeconds ? Date.now() + e.retryAfterSeconds * 1000 : undefined;
      setNow(Date.now());
      // Said in the console's language from the status and code, not the server's English message.
      if (e.status === 429) setProblem({ kind: 'rateLimited', message: describeError(e).title, until: until ?? Date.now() + 60_000 });
      else if (e.status === 423) setProblem({ kind: 'locked', message: describeError(e).title, until });
      else if (e.status === 401 || e.status === 400) setProblem({ kind: 'invalid', message: t('apiError.wrongPassword') });
      else setProblem({ kind: 'other', message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const alert = problem && (
    <Alert
      showIcon
      type={problem.kind === 'rateLimited' ? 'warning' : 'error'}
      className="qy-auth-alert"
      data-testid={`login-error-${problem.kind}`}
      title={
        problem.kind === 'rateLimited' ? t('login.rateLimitedTitle')
        : problem.kind === 'locked' ? t('login.lockedTitle')
        : problem.kind === 'invalid' ? t('login.invalidTitle')
        : t('state.errorTitle')
      }
      description={
        problem.kind === 'rateLimited' ? (waiting ? t('login.rateLimited', { seconds: secondsLeft }) : t('login.tryAgainNow'))
        : problem.kind === 'locked' ? (
          <>
            {problem.message}
            {waiting ? <div>{t('login.lockedFor', { minutes: Math.ceil(secondsLeft / 60) })}</div> : null}
            <div>{t('login.lockedHelp')}</div>
          </>
        )
        : problem.message
      }
    />
  );

  return (
    <AuthFrame testId="login-page" title={t('login.title')} subtitle={t('login.subtitle')}>
      {alert}
      {demo && (
        <Alert
          type="info"
          className="qy-auth-alert"
          data-testid="login-demo"
          title={t('platform.demoTitle')}
          description={
            <>
              <div>{t('field.email')}: <Typography.Text code copyable>{demo.email}</Typography.Text></div>
              <div>{t('field.password')}: <Typography.Text code copyable>{demo.password}</Typography.Text></div>
            </>
          }
          action={
            <Button size="small" onClick={() => form.setFieldsValue(demo)} data-testid="login-demo-fill">{t('platform.demoFill')}</Button>
          }
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} size="large">
        <Form.Item name="email" label={t('field.email')} rules={[{ required: true, type: 'email', message: t('validation.email') }]}>
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="login-email" placeholder="name@example.com" />
        </Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} disabled={waiting && problem?.kind === 'rateLimited'} data-testid="login-submit">
          {waiting && problem?.kind === 'rateLimited' ? t('login.waitSeconds', { seconds: secondsLeft }) : t('login.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
