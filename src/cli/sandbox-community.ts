/**
 * A simulated community on the sandbox platform, connected to a running Qunyun: starts the
 * sandbox platform on loopback, adds a bot account, connects it through the sandbox connector
 * (its webhooks come to this server and go through the ingest queue), and drives it with the
 * community simulator, either over a period of simulated time as fast as it goes (simulate) or
 * live from a backfilled history onwards (serve --demo).
 */
import { createSandboxConnector } from '../connectors/sandbox/index.ts';
import { createSandboxPlatform, type SandboxStats } from '../platform-sandbox/index.ts';
import { runSimulation, startLiveSimulation, type Progress, type SimulationSummary } from '../simulator/index.ts';
import { ensurePlatformAccount } from '../workspaces/workspaces.ts';
import type { Stack } from './stack.ts';

const DAY = 86_400_000;

export type CommunityMode =
  | { kind: 'run'; start: Date; days: number; onProgress?: (p: Progress) => void }
  | { kind: 'live'; historyDays: number; intensity?: number };

export interface SandboxCommunityOptions {
  seed: number;
  groups: number;
  mode: CommunityMode;
  /**
   * Ids of this community's groups, members and events. The same namespace, seed and period replay
   * the same events, so a simulation restarted after a crash stores each of them once. Default: a
   * new one per run. serve --demo passes one made of its seed and size, with `resume`.
   */
  namespace?: string;
  /**
   * Live mode: reattach to the community this namespace made in an earlier run, if there is one
   * (serve --demo started again): the same bot account, groups and people, with the simulation
   * resuming at its last stored event (at most historyDays back), every group there from the start
   * and this run's events keyed apart (CommunityOptions.run). Without an earlier run, as usual.
   */
  resume?: boolean;
  /** The platform appends every acknowledged event id here (crash tests count them). */
  ackJournalPath?: string;
}

export interface SandboxCommunity {
  /** The sandbox platform's base URL. */
  platformUrl: string;
  /** The bot account in Qunyun (platform_accounts.id). */
  accountId: number;
  /** Run mode: resolves when the period is simulated and every delivery is stored. Live: when the backfill is. */
  done: Promise<SimulationSummary | undefined>;
  stats(): SandboxStats;
  /** Stops simulating (a run stops where it is) and disconnects; resolves with the summary if there is one. */
  stop(): Promise<SimulationSummary | undefined>;
}

export async function startSandboxCommunity(stack: Stack, options: SandboxCommunityOptions): Promise<SandboxCommunity> {
  const { config, db, workspace, ingest, logger } = stack;
  const platform = createSandboxPlatform({ seed: options.seed, ...(options.ackJournalPath ? { ackJournalPath: options.ackJournalPath } : {}) });
  const platformUrl = await platform.listen(0, '127.0.0.1');
  const namespace = options.namespace ?? `r${Date.now().toString(36)}`;
  const resumeAt = options.resume && options.mode.kind === 'live' ? await lastEventOf(stack, `demo-${namespace}`) : undefined;
  const botAccount = platform.addAccount({ id: `demo-${namespace}`, name: '群运 Demo Bot' });
  const account = await ensurePlatformAccount(db, workspace.id, 'sandbox', botAccount.id, botAccount.name, { baseUrl: platformUrl });
  const scope = { workspaceId: workspace.id, accountId: account.id, timezone: workspace.timezone };
  const connector = createSandboxConnector({
    baseUrl: platformUrl,
    token: botAccount.token,
    webhookSecret: config.SANDBOX_WEBHOOK_SECRET,
    webhookUrl: `${stack.url}/webhooks/sandbox/${account.id}`,
  });
  stack.webhooks.set(account.id, (body, headers) => connector.handleWebhook(body, headers));
  // Automated posts (a draw, a check-in reply) go out through this connector too.
  stack.extraConnectors.set(account.id, connector);
  // Like the connector runtime: record when the account last delivered (at most every 5 s), so the
  // console's account list shows the simulated community's activity.
  let lastEventWrite = 0;
  await connector.start(async (events) => {
    const result = await ingest.submit(scope, events);
    if (result.stored > 0 && Date.now() - lastEventWrite >= 5000) {
      lastEventWrite = Date.now();
      await db.query('update platform_accounts set last_event_at = now() where workspace_id = $1 and id = $2', [workspace.id, account.id])
        .catch((err: unknown) => logger.warn({ err, account: account.id }, 'could not record the last event time'));
    }
    return result;
  });
  logger.info({ platformUrl, account: account.id }, 'sandbox platform connected');

  const common = {
    clientUrl: platformUrl, account: botAccount.id, seed: options.seed, groups: options.groups, namespace,
    // Resumed: every group exists already, and this run's event keys differ from the earlier run's.
    ...(resumeAt !== undefined ? { run: `r${Date.now().toString(36)}`, params: { groupsAtStartShare: 1 } } : {}),
  };
  if (resumeAt !== undefined) logger.info({ account: account.id, from: new Date(resumeAt).toISOString() }, 'demo community reattached; resuming from its last event');
  let finish: () => Promise<SimulationSummary | undefined>;
  let done: Promise<SimulationSummary | undefined>;
  // A finished run waits as long as it takes (in a fast run the platform can be minutes of
  // deliveries ahead of ingest); stopping waits briefly, whatever is left is redelivered next time.
  const settle = async (timeoutMs = 3_600_000) => {
    await platform.flushDeliveries(timeoutMs);
    await ingest.drain();
  };
  if (options.mode.kind === 'run') {
    const { start, days, onProgress } = options.mode;
    let finished: SimulationSummary | undefined;
    const run = runSimulation({ ...common, start, days }, onProgress);
    done = run.then(async (s) => { finished = s; await settle(); return s; });
    // A run cannot be interrupted from outside: stopping closes the platform under it instead.
    done.catch(() => {});
    finish = async () => finished;
  } else {
    const live = startLiveSimulation({
      ...common,
      from: new Date(Math.max(resumeAt ?? 0, Date.now() - options.mode.historyDays * DAY)),
      ...(options.mode.intensity !== undefined ? { intensity: options.mode.intensity } : {}),
      onError: (err) => logger.error({ err }, 'simulation step failed'),
    });
    done = live.caughtUp.then(() => undefined);
    finish = () => live.stop();
  }

  let stopped: Promise<SimulationSummary | undefined> | undefined;
  return {
    platformUrl,
    accountId: account.id,
    done,
    stats: () => platform.stats(),
    stop() {
      stopped ??= (async () => {
        const s = await finish();
        await settle(10_000).catch((err: unknown) => logger.warn({ err }, 'deliveries left undelivered at stop'));
        stack.webhooks.delete(account.id);
        await connector.stop();
        await platform.close();
        return s;
      })();
      return stopped;
    },
  };
}

/** When the sandbox account with this external id last had an event stored (ms), if it ever did. */
async function lastEventOf(stack: Stack, externalId: string): Promise<number | undefined> {
  const rows = await stack.db.query<{ last: Date | string | null }>(
    `select max(e.occurred_at) as last from events e
       join platform_accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
      where a.workspace_id = $1 and a.platform = 'sandbox' and a.external_id = $2`,
    [stack.workspace.id, externalId]);
  const last = rows[0]?.last;
  return last === null || last === undefined ? undefined : new Date(last).getTime();
}
