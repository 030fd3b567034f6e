/**
 * Operators' actions on a group, carried out through the group's platform account: posting (each
 * post is recorded as a push, with its state: WeCom posts wait for a staff member to confirm them
 * in the WeCom client), muting and removing members. What the platform cannot do is answered with
 * its reason and what to do instead (errors.ts); nothing is recorded then.
 */
import { randomUUID } from 'node:crypto';
import { PlatformError } from '../connectors/connector.ts';
import { AppError } from '../errors.ts';
import { onPlatform, platformFailure } from './errors.ts';
import { groupTarget, memberInGroup, requireCapability, type ActionDeps } from './targets.ts';

export type PushState = 'sent' | 'awaiting_confirmation' | 'failed';

export interface Push {
  id: number;
  groupId: number;
  accountId: number;
  text: string;
  state: PushState;
  platformMessageId: string | null;
  error: string | null;
  createdBy: number | null;
  createdAt: string;
}

const pushColumns = `id, group_id as "groupId", account_id as "accountId", text, state, platform_message_id as "platformMessageId",
  error, created_by as "createdBy", created_at as "createdAt"`;

type PushRow = Omit<Push, 'createdAt'> & { createdAt: Date };
const toPush = (r: PushRow): Push => ({ ...r, createdAt: r.createdAt.toISOString() });

/** Posts `text` to the group and records the push: sent, awaiting_confirmation, or failed (then throws). */
export async function postToGroup(deps: ActionDeps, workspaceId: number, groupId: number, text: string, createdBy: number | null): Promise<Push> {
  const target = await groupTarget(deps, workspaceId, groupId);
  const record = async (state: PushState, messageId: string | null, error: string | null) => toPush((await deps.db.query<PushRow>(
    `insert into pushes (workspace_id, group_id, account_id, text, state, platform_message_id, error, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${pushColumns}`,
    [workspaceId, groupId, target.accountId, text, state, messageId, error, createdBy]))[0]!);
  let sent: { messageId: string; state?: string };
  try {
    // A fresh key per request: a connector that retries internally still posts once.
    sent = await target.connector.sendToGroup(target.platformGroupId, { text, clientKey: randomUUID() });
  } catch (err) {
    // The platform took the request and refused it: worth keeping in the group's push history.
    if (err instanceof PlatformError) await record('failed', null, err.message);
    throw platformFailure(err) ?? err;
  }
  return record(sent.state === 'awaiting_confirmation' ? 'awaiting_confirmation' : 'sent', sent.messageId, null);
}

export async function listPushes(deps: Pick<ActionDeps, 'db'>, workspaceId: number, groupId: number, page: { limit: number; offset: number }): Promise<{ items: Push[]; total: number }> {
  const [rows, total] = await Promise.all([
    deps.db.query<PushRow>(
      `select ${pushColumns} from pushes where workspace_id = $1 and group_id = $2 order by created_at desc, id desc limit $3 offset $4`,
      [workspaceId, groupId, page.limit, page.offset]),
    deps.db.query<{ n: number }>('select count(*)::int as n from pushes where workspace_id = $1 and group_id = $2', [workspaceId, groupId]),
  ]);
  return { items: rows.map(toPush), total: total[0]?.n ?? 0 };
}

/** The longest mute: Telegram treats a restriction over 366 days as forever. */
export const MAX_MUTE_MINUTES = 366 * 24 * 60;

export async function muteMember(deps: ActionDeps, workspaceId: number, groupId: number, memberId: number, minutes: number, now = new Date()): Promise<{ until: string }> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MUTE_MINUTES) throw new AppError('bad_request', `minutes must be 1..${MAX_MUTE_MINUTES}`);
  const target = await groupTarget(deps, workspaceId, groupId);
  await onPlatform(async () => requireCapability(target, 'mute'));
  const userId = await memberInGroup(deps.db, target, memberId);
  const until = new Date(now.getTime() + minutes * 60_000);
  await onPlatform(() => target.connector.mute(target.platformGroupId, userId, until));
  return { until: until.toISOString() };
}

/** Removes the member; the platform's leave event (reason kicked) updates the figures when it arrives. */
export async function kickMember(deps: ActionDeps, workspaceId: number, groupId: number, memberId: number): Promise<void> {
  const target = await groupTarget(deps, workspaceId, groupId);
  await onPlatform(async () => requireCapability(target, 'kick'));
  const userId = await memberInGroup(deps.db, target, memberId);
  await onPlatform(() => target.connector.kick(target.platformGroupId, userId));
}
