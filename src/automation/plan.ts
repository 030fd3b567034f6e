/**
 * What a rule does once its trigger fired and its conditions held: the planned actions, each
 * with its idempotency key, as plain data. The engine (engine.ts) writes them (outbox actions,
 * tags, notifications) in the transaction that records the execution; the dry run only lists them.
 *
 * Keys: an execution is `automation:r<rule>:v<version>:<cause>`, the cause being the stored event
 * (`e<account>:<platform event id>`, the event log's own key, so a re-delivered or re-read event
 * has the same cause) or a schedule slot / a silence / a size crossing / an activity event. Its
 * n-th action is `<execution key>:a<n>`: the outbox enqueues a key once, whoever asks.
 */
import { memberActions, type Rule } from './rules.ts';

/** Values a template may name: {name}, {group}, … Unknown names stay as written. */
export type TemplateVars = Record<string, string | number | undefined>;

export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{([a-zA-Z_]+)\}/g, (whole, key: string) => {
    const v = vars[key];
    return v === undefined ? whole : String(v);
  });
}

export type PlannedAction =
  | { kind: 'post'; key: string; groupId: number; text: string; category?: string | undefined }
  | { kind: 'private_message'; key: string; groupId: number; memberId: number; text: string; category?: string | undefined }
  | { kind: 'tag' | 'untag'; key: string; memberId: number; tag: string }
  | { kind: 'notify_operator'; key: string; groupId: number; userId: number | null; chatMemberId: number | null; text: string }
  | { kind: 'start_activity'; key: string; groupId: number; memberId: number | null; activity: string; params: Record<string, unknown> }
  | { kind: 'assign_operator'; key: string; groupId: number; userId: number };

export interface Firing {
  rule: Rule;
  /** What caused it, unique for the rule: see the header. */
  cause: string;
  groupId: number;
  memberId: number | null;
  /** The group's operator (notify_operator's default recipient). */
  groupOperatorId: number | null;
  vars: TemplateVars;
}

export function executionKey(rule: Pick<Rule, 'id' | 'version'>, cause: string): string {
  return `automation:r${rule.id}:v${rule.version}:${cause}`;
}

/** The origin written on outbox actions, to find their delivery from the execution log. */
export function originOf(rule: Pick<Rule, 'id' | 'version'>): string {
  return `automation:rule:${rule.id}:v${rule.version}`;
}

/** The actions of a firing; actions that need a member are left out when the trigger has none. */
export function planActions(f: Firing): PlannedAction[] {
  const base = executionKey(f.rule, f.cause);
  const out: PlannedAction[] = [];
  f.rule.actions.forEach((a, i) => {
    const key = `${base}:a${i}`;
    if (memberActions.has(a.kind) && f.memberId === null) return;
    switch (a.kind) {
      case 'post': out.push({ kind: 'post', key, groupId: f.groupId, text: renderTemplate(a.template, f.vars), ...(a.category ? { category: a.category } : {}) }); break;
      case 'private_message': out.push({ kind: 'private_message', key, groupId: f.groupId, memberId: f.memberId!, text: renderTemplate(a.template, f.vars), ...(a.category ? { category: a.category } : {}) }); break;
      case 'tag': case 'untag': out.push({ kind: a.kind, key, memberId: f.memberId!, tag: a.tag }); break;
      case 'notify_operator':
        out.push({ kind: 'notify_operator', key, groupId: f.groupId, userId: a.userId ?? f.groupOperatorId, chatMemberId: a.chatMemberId ?? null, text: renderTemplate(a.template, f.vars) });
        break;
      case 'start_activity': out.push({ kind: 'start_activity', key, groupId: f.groupId, memberId: f.memberId, activity: a.activity, params: a.params }); break;
      case 'assign_operator': out.push({ kind: 'assign_operator', key, groupId: f.groupId, userId: a.userId }); break;
    }
  });
  return out;
}

/** A one-line summary of a planned action for the execution log and the dry run. */
export function describeAction(a: PlannedAction): string {
  switch (a.kind) {
    case 'post': return `post: ${a.text}`;
    case 'private_message': return `private message to member ${a.memberId}: ${a.text}`;
    case 'tag': return `tag member ${a.memberId}: ${a.tag}`;
    case 'untag': return `untag member ${a.memberId}: ${a.tag}`;
    case 'notify_operator': return `notify ${a.userId === null ? 'the group operator (none assigned)' : `user ${a.userId}`}: ${a.text}`;
    case 'start_activity': return `start activity ${a.activity}`;
    case 'assign_operator': return `assign group ${a.groupId} to user ${a.userId}`;
  }
}
