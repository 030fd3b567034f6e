/**
 * A second Qunyun process's automation work, for src/automation/processes.test.ts: opens the
 * Postgres database of DATABASE_URL and, ROUNDS times, runs the automation reactor as the stack
 * does (reactPending), hands it every stored event again as a process that lost its cursor would,
 * and runs the automation tick at NOW. Prints "done" when finished.
 */
import { openDatabase } from '../../src/db/database.ts';
import { reactPending } from '../../src/events/reactors.ts';
import { runAutomationTick } from '../../src/automation/jobs.ts';
import { automationReactor } from '../../src/automation/reactor.ts';

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const workspaceId = Number(process.env.WORKSPACE_ID);
const now = new Date(process.env.NOW!);
try {
  for (let round = 0; round < Number(process.env.ROUNDS ?? 5); round++) {
    await reactPending(db, workspaceId, [automationReactor]);
    const events = await db.query<Record<string, unknown>>(
      `select seq, account_id as "accountId", 'sandbox' as platform, false as imported, type, group_id as "groupId", member_id as "memberId",
              message_id as "messageId", occurred_at as "occurredAt", received_at as "receivedAt", payload
         from events where workspace_id = $1 order by seq`, [workspaceId]);
    await db.transaction((tx) => automationReactor.react(tx, workspaceId, events as never));
    await runAutomationTick(db, workspaceId, now);
  }
  process.stdout.write('done\n');
} finally {
  await db.close();
}
