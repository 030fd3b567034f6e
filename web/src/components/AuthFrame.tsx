/** The frame of the signed-out pages: brand, a card, the language switch. */
import { Card, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/index.ts';
import { LanguageSwitch } from './bits.tsx';

export function AuthFrame({ title, subtitle, children, testId }: { title: ReactNode; subtitle?: ReactNode; children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="qy-auth" data-testid={testId}>
      <div className="qy-auth-top">
        <span className="qy-auth-brand">
          <span className="qy-logo-mark">群</span> {t('app.name')}
        </span>
        <LanguageSwitch />
      </div>
      <Card className="qy-auth-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph> : null}
        {children}
      </Card>
      <Typography.Text type="secondary" className="qy-auth-foot">
        {t('app.tagline')}
      </Typography.Text>
    </div>
  );
}

/** Puts a 400's per-field issues (`body.email`) on the form's fields; true when any matched. */
export function applyIssues(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.issues.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = error.issues
    .map((issue) => ({ name: issue.path.replace(/^body\./, ''), errors: [issue.message] }))
    .filter((f) => known.has(f.name));
  form.setFields(fields);
  return fields.length > 0;
}
