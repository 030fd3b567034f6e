/**
 * The client API simulated users act through: `POST /client/actions` with a batch of actions,
 * each carrying a deterministic client key and its simulated time. Objects an action creates take
 * its key as their id (a message's id is its key, a created group's id is its key) and its event
 * id is `c:<key>`, so replaying the same actions yields the same ids. A key seen before returns
 * the first answer again without changing anything (idempotent client).
 */
import { ApiError, type ContentType, type NativeJoin } from './native.ts';
import { optStr, str } from './bot-api.ts';
import type { World } from './world.ts';

export type ActionResult = { ok: true; id?: string; pending?: true; duplicate?: true } | { ok: false; error: string; description: string };

export const MAX_ACTIONS_PER_BATCH = 5000;
const KEY = /^[A-Za-z0-9._-]{1,160}$/;
const CONTENT: ReadonlySet<string> = new Set<ContentType>(['text', 'photo', 'voice', 'video', 'document', 'link', 'sticker', 'red_packet', 'poll']);
const OK: ActionResult = { ok: true };

export interface ClientContext {
  world: World;
  /** Advances the platform clock to the latest simulated time seen. */
  observeTime: (at: number) => void;
}

type Action = Record<string, unknown>;

export function createClientApi(ctx: ClientContext) {
  const { world } = ctx;
  const seen = new Map<string, ActionResult>();

  function owner(groupId: string, userId: string) {
    const g = world.group(groupId);
    if (g.ownerId !== userId) throw new ApiError(403, 'not_admin', `${userId} does not administer ${g.id}`);
    return g;
  }

  function apply(a: Action, key: string, at: number, defaultAccount: string | undefined): ActionResult {
    const eid = `c:${key}`;
    switch (a.type) {
      case 'create_group': {
        const accountId = optStr(a, 'account', 200) ?? defaultAccount;
        if (!accountId || !world.accounts.has(accountId)) throw new ApiError(404, 'account_not_found', 'create_group needs a known account');
        const ownerId = str(a, 'ownerId', 200);
        const capacity = typeof a.capacity === 'number' ? a.capacity : undefined;
        world.createGroup(accountId, key, str(a, 'name', 500), capacity, world.user(ownerId, optStr(a, 'ownerName', 500)), at, eid);
        return { ok: true, id: key };
      }
      case 'join': {
        const g = world.group(str(a, 'groupId', 200));
        const user = world.user(str(a, 'userId', 200), optStr(a, 'name', 500));
        const via: NativeJoin = {};
        const code = optStr(a, 'inviteCode', 200);
        const source = optStr(a, 'source', 64);
        const inviterId = optStr(a, 'inviterId', 200);
        const staffId = optStr(a, 'staffId', 200);
        let approval = false;
        if (code) {
          const link = world.invites.get(code);
          if (!link || link.groupId !== g.id) throw new ApiError(404, 'invite_not_found', `invite ${code} not found for ${g.id}`);
          if (link.expiresAt !== undefined && at > link.expiresAt) throw new ApiError(403, 'invite_expired', `invite ${code} expired`);
          if (link.memberLimit !== undefined && link.uses >= link.memberLimit) throw new ApiError(403, 'invite_used_up', `invite ${code} reached its member limit`);
          via.invite_link = link.name ? { code, name: link.name } : { code };
          if (link.source ?? source) via.source = (link.source ?? source)!;
          if (link.staffId ?? staffId) via.staff_id = (link.staffId ?? staffId)!;
          approval = link.requiresApproval;
          if (!approval) {
            world.join(g, user, withInviter(via, inviterId), at, eid);
            link.uses++;
            return OK;
          }
        } else {
          if (source) via.source = source;
          if (staffId) via.staff_id = staffId;
        }
        if (approval) {
          world.requestJoin(g, user, withInviter(via, inviterId), at, eid);
          return { ok: true, pending: true };
        }
        world.join(g, user, withInviter(via, inviterId), at, eid);
        return OK;
      }
      case 'leave': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.leave(g, userId, 'left', world.user(userId), at, eid);
        return OK;
      }
      case 'kick': {
        const g = owner(str(a, 'groupId', 200), str(a, 'byId', 200));
        world.leave(g, str(a, 'userId', 200), 'kicked', world.user(g.ownerId!), at, eid);
        return OK;
      }
      case 'message': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        const m = world.member(g, userId);
        const ct = a.contentType ?? 'text';
        if (m.mutedUntil > at && !(m.textOnly && ct === 'text')) throw new ApiError(403, 'muted', `${userId} is muted in ${g.id}`);
        if (typeof ct !== 'string' || !CONTENT.has(ct)) throw new ApiError(400, 'bad_request', 'unknown contentType');
        const mentions = Array.isArray(a.mentions) ? a.mentions.filter((x): x is string => typeof x === 'string') : undefined;
        world.post(g, world.user(userId), key, ct as ContentType, optStr(a, 'text', 100_000), optStr(a, 'replyTo', 200), mentions, at, eid);
        return { ok: true, id: key };
      }
      case 'edit': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.member(g, userId);
        world.edit(g, world.user(userId), str(a, 'messageId', 200), str(a, 'text', 100_000), at, eid);
        return OK;
      }
      case 'delete': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.member(g, userId);
        world.delete(g, world.user(userId), str(a, 'messageId', 200), at, eid);
        return OK;
      }
      case 'press': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.member(g, userId);
        world.press(g, world.user(userId), str(a, 'messageId', 200), str(a, 'data', 200), at, eid);
        return OK;
      }
      case 'reaction': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.member(g, userId);
        world.react(g, world.user(userId), str(a, 'messageId', 200), str(a, 'emoji', 64), a.added !== false, at, eid);
        return OK;
      }
      case 'profile': {
        world.profile(str(a, 'userId', 200), str(a, 'name', 500), at, (groupId) => `${eid}:${groupId}`);
        return OK;
      }
      case 'rename': {
        const g = world.group(str(a, 'groupId', 200));
        const userId = str(a, 'userId', 200);
        world.member(g, userId);
        world.rename(g, str(a, 'name', 500), world.user(userId), at, eid);
        return OK;
      }
      case 'dismiss': {
        const g = owner(str(a, 'groupId', 200), str(a, 'userId', 200));
        world.dismiss(g, world.user(g.ownerId!), at, eid);
        return OK;
      }
      default:
        throw new ApiError(400, 'unknown_action', `unknown action type ${String(a.type)}`);
    }
  }

  /** Applies a batch in order; one action's failure does not stop the others. */
  return function handle(body: unknown): ActionResult[] {
    if (!body || typeof body !== 'object' || !Array.isArray((body as { actions?: unknown }).actions)) {
      throw new ApiError(400, 'bad_request', 'body must be {account?, actions: [...]}');
    }
    const { actions, account } = body as { actions: unknown[]; account?: unknown };
    if (actions.length > MAX_ACTIONS_PER_BATCH) throw new ApiError(400, 'batch_too_large', `at most ${MAX_ACTIONS_PER_BATCH} actions per batch`);
    const defaultAccount = typeof account === 'string' ? account : world.accounts.size === 1 ? world.accounts.keys().next().value : undefined;
    return actions.map((raw): ActionResult => {
      try {
        if (!raw || typeof raw !== 'object') throw new ApiError(400, 'bad_request', 'action must be an object');
        const a = raw as Action;
        const key = a.key;
        if (typeof key !== 'string' || !KEY.test(key)) throw new ApiError(400, 'bad_key', 'key must match [A-Za-z0-9._-]{1,160}');
        const before = seen.get(key);
        if (before) return before.ok ? { ...before, duplicate: true } : before;
        const at = typeof a.at === 'string' ? Date.parse(a.at) : NaN;
        if (!Number.isFinite(at)) throw new ApiError(400, 'bad_time', 'at must be an ISO time');
        ctx.observeTime(at);
        let result: ActionResult;
        try {
          result = apply(a, key, at, defaultAccount);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          result = { ok: false, error: e.code, description: e.message };
        }
        seen.set(key, result);
        return result;
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.code, description: e.message };
        throw e;
      }
    });
  };
}

function withInviter(via: NativeJoin, inviterId: string | undefined): NativeJoin {
  return inviterId ? { ...via, inviter_id: inviterId } : via;
}
