/**
 * An audit entry as a sentence in the console's language ("把 Ada 移出了群「Fruit 1」"): the action
 * key picks the sentence (auditSentence.* in the i18n files), the names come from the server
 * (targetLabel, memberLabel, assigneeLabel: src/audit/labels.ts), roles and sources are translated.
 * An action the console does not know yet is shown as its key and target, never dropped.
 */
import i18n from '../i18n/index.ts';
import type { AuditEntry } from '../api/types.ts';

type T = (key: string, options?: Record<string, unknown>) => string;

/** Actions whose key is a prefix of another's (session.login / session.login.failed) have their own sentence key. */
const SENTENCE_KEY: Record<string, string> = {
  'session.login.failed': 'session.loginFailed', 'session.logout.all': 'session.logoutAll', 'staff.invite.accept': 'staff.inviteAccept',
};

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function auditSentence(e: AuditEntry): string {
  const t = i18n.t as unknown as T;
  const d = e.detail ?? {};
  const role = (r: unknown) => (typeof r === 'string' ? t(`role.${r}`, { defaultValue: r }) : '');
  const memberId = d.member;
  const params: Record<string, unknown> = {
    target: e.targetLabel ?? e.target,
    member: e.memberLabel ?? (memberId !== undefined ? `#${text(memberId)}` : ''),
    assignee: e.assigneeLabel ?? (d.value === null ? t('groups.unassigned') : text(d.value)),
    value: text(d.value),
    minutes: text(d.minutes),
    source: typeof d.source === 'string' ? t(`source.${d.source}`, { defaultValue: d.source }) : '',
    tags: text(d.tags) || t('auditSentence.none'),
    email: text(d.email),
    role: role(d.role ?? d.to),
    from: role(d.from),
    to: role(d.to),
    platform: typeof d.platform === 'string' ? t(`platform.${d.platform}`, { defaultValue: d.platform }) : '',
    state: typeof d.state === 'string' ? t(`groupActions.pushState.${d.state}`, { defaultValue: d.state }) : '',
    count: typeof d.updated === 'number' ? d.updated : 0,
    version: text(d.version),
    reason: text(d.reason),
    note: text(d.note),
  };
  if (e.action === 'group.assign' && d.value === null) return t('auditSentence.group.unassign', params);
  if (e.action === 'account.update' && typeof d.enabled === 'boolean') return t(d.enabled ? 'auditSentence.account.enable' : 'auditSentence.account.disable', params);
  return t(`auditSentence.${SENTENCE_KEY[e.action] ?? e.action}`, { ...params, defaultValue: `${e.action} · ${text(params.target)}` });
}
