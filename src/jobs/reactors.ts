/**
 * The product's reactors (src/events/reactors.ts), and the loop that runs them in a Qunyun process:
 * after each projection of a workspace (a signal from the ingest queue) and every `pollMs`, so
 * that events projected by another process, or stored while a run was going, are reached too.
 * Several processes may run it on one Postgres: a reactor's cursor is worked by one at a time.
 *
 * A feature that reacts to members' events adds its reactor to `productReactors`.
 */
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { reactPending, type Reactor } from '../events/reactors.ts';
import { acquisitionReactor } from '../acquisition/reactor.ts';
import { campaignsReactor } from '../campaigns/reactor.ts';
import { automationReactor } from '../automation/reactor.ts';
import '../automation/link-activities.ts';
import { activitiesReactor } from '../activities/store.ts';
import { moderationReactor } from '../moderation/reactor.ts';
import { createCasLookup } from '../moderation/cas.ts';
import { createOutbound } from '../net/outbound.ts';

export const productReactors: Reactor[] = [
  acquisitionReactor,
  // After acquisition: it reads the attributions of the same events.
  campaignsReactor,
  moderationReactor({ cas: createCasLookup(createOutbound()) }),
  automationReactor,
  activitiesReactor,
];

export interface ReactorLoop {
  /** A workspace's events were projected: run its reactors soon. */
  projected(workspaceId: number): void;
  /** Runs every reactor of every workspace now (tests, drain). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startReactorLoop(options: { db: Database; logger: Logger; reactors?: readonly Reactor[]; pollMs?: number }): ReactorLoop {
  const { db, logger } = options;
  const reactors = options.reactors ?? productReactors;
  const pending = new Set<number>();
  let running: Promise<void> | undefined;
  let stopped = false;
  let sweepAll = true;

  async function runOnce(): Promise<void> {
    const all = sweepAll;
    sweepAll = false;
    // The sweep takes only workspaces where a reactor is behind the projector (or has no cursor yet).
    const ids = all
      ? (await db.query<{ id: string | number }>(
        `select w.id from workspaces w
         where (select count(*) from reactor_cursors c
                where c.workspace_id = w.id and c.reactor = any($1::text[]) and c.seq >= w.projected_seq) < $2
         order by w.id`, [reactors.map((r) => r.name), reactors.length])).map((r) => Number(r.id))
      : [...pending];
    pending.clear();
    for (const id of ids) {
      try {
        await reactPending(db, id, reactors);
      } catch (err) {
        // Nothing of the failed run is applied; its events come again on the next run.
        logger.error({ err, workspaceId: id }, 'reactor run failed; retried on the next run');
      }
    }
  }

  function kick(): void {
    if (stopped || reactors.length === 0 || running) return;
    running = runOnce().finally(() => {
      running = undefined;
      if (pending.size > 0 || sweepAll) kick();
    });
  }

  const timer = setInterval(() => { sweepAll = true; kick(); }, options.pollMs ?? 2000);
  timer.unref();
  kick();
  return {
    projected(workspaceId) { pending.add(workspaceId); kick(); },
    async runNow() {
      while (running) await running;
      sweepAll = true;
      if (reactors.length > 0) await runOnce();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
