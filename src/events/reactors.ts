/**
 * Reactors: the features that answer what members do (moderation, automation, activities,
 * acquisition) follow the event log by seq, behind the projector, each with its own cursor
 * (reactor_cursors). A reactor's effects and the move of its cursor commit in one transaction, so
 * every event reaches every reactor exactly once, whatever the platform re-delivered and however
 * many Qunyun processes share the database (a cursor row is taken `for update skip locked`: one
 * process at a time works a reactor of a workspace; the others go on with the rest).
 *
 * Why behind the projector rather than inside ingest: ingest acknowledges events to their
 * platform and must stay cheap; a reactor sees an event only once its projections (memberships,
 * sizes, names) are applied, so the facts it looks up include the event. A reactor never calls a
 * platform: it writes rows and outbox actions (src/outbox), which are carried out after commit.
 *
 * A reactor added to a workspace that already has a history starts at the workspace's current
 * position: it answers what happens from now on and never replays the past (dry runs read the
 * stored history on purpose instead). Events from history imports are marked `imported`.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { PlatformEvent } from './envelope.ts';

export interface ReactorEvent {
  seq: number;
  accountId: number;
  /** The platform of the event's account: telegram, wecom, sandbox, telegram-export (a history import), … */
  platform: string;
  /** From a history import: a reactor must not act on it (no welcome for a join of 2019). */
  imported: boolean;
  type: PlatformEvent['type'];
  groupId: number;
  memberId: number | null;
  messageId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  /** The stored envelope. */
  payload: PlatformEvent;
}

export interface Reactor {
  /** Stable name: the cursor is kept under it. */
  name: string;
  /** The event types it reacts to (all when absent); the others pass by without a call. */
  types?: readonly PlatformEvent['type'][];
  /**
   * Gives a run of events (in seq order, at most `batch`) their effect, inside the transaction
   * that moves the cursor past them. Throwing rolls the run back: the events come again next time.
   */
  react(tx: Queryable, workspaceId: number, events: ReactorEvent[]): Promise<void>;
}

export interface ReactOptions {
  /** Events handed to a reactor per transaction at most. */
  batch?: number;
}

export const DEFAULT_REACTOR_BATCH = 1000;

/**
 * Thrown by a reactor that reads what another reactor writes for the same events (campaigns read
 * acquisition's attributions) when that one has not reached them yet: the run is rolled back
 * quietly and its events come again on the next run.
 */
export class ReactorNotReady extends Error {}

type EventRow = Omit<ReactorEvent, 'occurredAt' | 'receivedAt' | 'seq' | 'accountId' | 'groupId' | 'memberId'> & {
  seq: string | number; accountId: string | number; groupId: string | number; memberId: string | number | null;
  occurredAt: Date | string; receivedAt: Date | string;
};

/**
 * Runs every reactor over the workspace's events projected since its cursor. Returns the number
 * of events handed to reactors. A reactor that another process is working is skipped (that
 * process takes what is there when it reads).
 */
export async function reactPending(db: Database, workspaceId: number, reactors: readonly Reactor[], options: ReactOptions = {}): Promise<number> {
  const batch = options.batch ?? DEFAULT_REACTOR_BATCH;
  let handed = 0;
  for (const reactor of reactors) {
    for (;;) {
      let run: { events: number; more: boolean };
      try {
        run = await db.transaction((tx) => reactOnce(tx, workspaceId, reactor, batch));
      } catch (err) {
        // A reactor that follows another one not there yet: rolled back, its events come again on a later run.
        if (err instanceof ReactorNotReady) break;
        throw err;
      }
      handed += run.events;
      if (!run.more) break;
    }
  }
  return handed;
}

async function reactOnce(tx: Queryable, workspaceId: number, reactor: Reactor, batch: number): Promise<{ events: number; more: boolean }> {
  // A new reactor starts where the workspace is now.
  await tx.query(
    `insert into reactor_cursors (workspace_id, reactor, seq)
     select id, $2, projected_seq from workspaces where id = $1
     on conflict do nothing`, [workspaceId, reactor.name]);
  const [cursor] = await tx.query<{ seq: string | number; projected: string | number }>(
    `select c.seq, w.projected_seq as projected
     from reactor_cursors c join workspaces w on w.id = c.workspace_id
     where c.workspace_id = $1 and c.reactor = $2
     for update of c skip locked`, [workspaceId, reactor.name]);
  if (!cursor) return { events: 0, more: false }; // another process works this reactor now
  const from = Number(cursor.seq);
  const to = Number(cursor.projected);
  if (to <= from) return { events: 0, more: false };
  const typed = reactor.types && reactor.types.length > 0;
  const rows = await tx.query<EventRow>(
    `select e.seq, e.account_id as "accountId", coalesce(a.platform, '') as platform,
            coalesce(a.platform like '%-export', false) as imported, e.type, e.group_id as "groupId",
            e.member_id as "memberId", e.message_id as "messageId", e.occurred_at as "occurredAt",
            e.received_at as "receivedAt", e.payload
     from events e
     left join platform_accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
     where e.workspace_id = $1 and e.seq > $2 and e.seq <= $3 ${typed ? 'and e.type = any($5::text[])' : ''}
     order by e.seq limit $4`,
    typed ? [workspaceId, from, to, batch, reactor.types] : [workspaceId, from, to, batch]);
  const events: ReactorEvent[] = rows.map((r) => ({
    ...r,
    seq: Number(r.seq), accountId: Number(r.accountId), groupId: Number(r.groupId),
    memberId: r.memberId === null ? null : Number(r.memberId),
    occurredAt: new Date(r.occurredAt), receivedAt: new Date(r.receivedAt),
  }));
  if (events.length > 0) await reactor.react(tx, workspaceId, events);
  // A full batch may leave events behind; a short one means every event up to `to` was seen.
  const full = events.length === batch;
  const reached = full ? events[events.length - 1]!.seq : to;
  await tx.query(
    'update reactor_cursors set seq = $3, updated_at = now() where workspace_id = $1 and reactor = $2',
    [workspaceId, reactor.name, reached]);
  return { events: events.length, more: full };
}
