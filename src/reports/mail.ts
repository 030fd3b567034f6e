/**
 * E-mail, for the weekly digest: nodemailer over the SMTP server of SMTP_URL (src/config.ts).
 * Without SMTP_URL there is no mailer and nothing is e-mailed. The transport is made once and
 * reuses its connection; a failure is the caller's to record (the digest keeps the error).
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface Mail { to: string; subject: string; text: string }
export interface Mailer { send(mail: Mail): Promise<void>; close(): void }

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>): Mailer | undefined {
  if (!config.SMTP_URL) return undefined;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.SMTP_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() { transport.close(); },
  };
}
