/** Helpers of the acquisition tests: a workspace with sandbox groups, and the reactor fed by hand. */
import type { Database } from '../../src/db/database.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import type { ConnectorRuntime } from '../../src/connectors/runtime/index.ts';
import { RecordingConnector } from '../fakes/recording-connector.ts';
import { acquisitionReactor } from '../../src/acquisition/reactor.ts';
import { reactPending } from '../../src/events/reactors.ts';
import { ingestBatch } from '../../src/events/ingest.ts';
import { ingestScope } from './ingest-scope.ts';

export async function groupsWorkspace(db: Database, slug: string, groups: number, capacity = 500) {
  const scope = await ingestScope(db, slug);
  const at = new Date(Date.now() - 3600_000).toISOString();
  await ingestBatch(db, scope, Array.from({ length: groups }, (_, i) => ({ type: 'group_created', eventId: `${slug}-g${i}`, occurredAt: at, groupId: `pg${i}`, name: `群 ${i + 1}`, capacity })));
  const rows = await db.query<{ id: number }>('select id from groups where workspace_id = $1 order by platform_group_id', [scope.workspaceId]);
  return { scope, groupIds: rows.map((r) => r.id) };
}

/** Runs the acquisition reactor over what was projected since it last ran (the first call places its cursor). */
export async function react(db: Database, workspaceId: number): Promise<number> {
  return reactPending(db, workspaceId, [acquisitionReactor]);
}

/** A staff user without a password (the tests never sign them in). */
export async function staffUser(db: Database, email: string, name: string): Promise<{ id: number }> {
  const rows = await db.query<{ id: number }>(
    `insert into users (email, name, password_hash) values ($1, $2, 'x') on conflict (email) do update set name = excluded.name returning id`, [email, name]);
  return rows[0]!;
}

/** A connector runtime whose every account is served by the given fakes (tests of routes that act on platforms). */
export function fakeRuntime(connectors: Map<number, Connector>): ConnectorRuntime {
  const none = async () => { throw new Error('not in the fake runtime'); };
  return {
    outbound: undefined as never, publicUrl: () => 'http://127.0.0.1', startAll: async () => {}, startAccount: none, stopAccount: async () => {},
    connector: (id) => connectors.get(id), webhook: () => undefined, runState: () => ({ state: 'running' }) as never,
    reconcileWecom: async () => [], retryAccount: none, pullArchives: async () => [], stop: async () => {},
  };
}

/** A recording connector whose invite links are each new, as a platform's are. */
export class LinkingConnector extends RecordingConnector {
  private links = 0;
  override async createInviteLink(groupId: string) {
    await super.createInviteLink(groupId);
    const code = `${groupId}-l${++this.links}`;
    return { url: `https://t.me/+${code}`, code };
  }
}
