/**
 * What `qunyun import telegram|whatsapp <file>` runs: imports an export into a workspace under a
 * platform account of its own (platform `telegram-export` or `whatsapp-export`), showing progress
 * in bytes: a cli-progress bar on a terminal, plain lines (one per tenth of the file and phase)
 * otherwise, so that logs of a non-interactive run stay readable.
 */
import cliProgress from 'cli-progress';
import type { Database } from '../db/database.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import { importHistory, type ImportProgress, type ImportSource, type ImportSummary } from './import-history.ts';
import type { DateOrder } from './whatsapp.ts';

export interface ImportCommandOptions {
  /** An open, migrated database. */
  db: Database;
  /** Workspace slug (default 'default', the one `qunyun serve` uses); created if missing. */
  workspace?: string;
  /** The phone's time zone, for WhatsApp (default: the workspace's). */
  timezone?: string;
  dateOrder?: DateOrder;
  /** WhatsApp: what identifies the group (see readWhatsAppExport). */
  group?: string;
  /** WhatsApp: the exporter's name, for "You" in system lines. */
  selfName?: string;
  batchSize?: number;
  /** Where progress goes (default process.stderr); a bar only when it is a TTY. */
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  progress?: boolean;
}

const PHASES: Record<ImportProgress['phase'], string> = { validate: 'checking', ingest: 'importing' };

export async function runImportCommand(kind: 'telegram' | 'whatsapp', file: string, options: ImportCommandOptions): Promise<ImportSummary> {
  const { db } = options;
  const workspace = await ensureWorkspace(db, options.workspace ?? 'default');
  const account = await ensurePlatformAccount(db, workspace.id, `${kind}-export`, 'import', `${kind} history import`);
  const scope = { workspaceId: workspace.id, accountId: account.id, timezone: workspace.timezone };
  const source: ImportSource = kind === 'telegram'
    ? { kind, path: file }
    : {
        kind, path: file, timezone: options.timezone ?? workspace.timezone,
        ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
        ...(options.group !== undefined ? { group: options.group } : {}),
        ...(options.selfName !== undefined ? { selfName: options.selfName } : {}),
      };
  const stream = options.stream ?? process.stderr;
  const show = options.progress ?? true;
  const reporter = !show ? undefined : (stream as NodeJS.WriteStream).isTTY ? barReporter(stream) : lineReporter(stream, file);
  let summary: ImportSummary;
  try {
    summary = await importHistory(db, scope, source, {
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(reporter ? { onProgress: reporter.update } : {}),
    });
  } finally {
    reporter?.stop();
  }
  // The summary is the command's answer: printed with or without progress output.
  {
    stream.write(`imported ${file}: ${summary.events} events (${summary.stored} new, ${summary.duplicates} already there), `
      + `${summary.groups} groups, ${summary.members} members, ${summary.messages} messages, ${summary.joins} joins, ${summary.leaves} leaves `
      + `in ${(summary.durationMs / 1000).toFixed(1)} s, peak RSS ${summary.peakRssMb} MB\n`);
    stream.write(formatSkips(summary));
  }
  return summary;
}

interface Reporter { update(p: ImportProgress): void; stop(): void }

function barReporter(stream: NodeJS.WritableStream): Reporter {
  const bar = new cliProgress.SingleBar({
    format: '{phase} {bar} {percentage}% | {mb}/{totalMb} MB | {events} events | ETA {eta_formatted}',
    stream, hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  let phase: string | undefined;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  return {
    update(p) {
      const payload = { phase: PHASES[p.phase], mb: mb(p.bytesRead), totalMb: mb(p.totalBytes), events: p.events };
      if (phase !== p.phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(Math.max(p.totalBytes, 1), p.bytesRead, payload);
      } else bar.update(p.bytesRead, payload);
    },
    stop() { if (phase) bar.stop(); },
  };
}

function lineReporter(stream: NodeJS.WritableStream, file: string): Reporter {
  let phase: string | undefined;
  let step = -1;
  return {
    update(p) {
      if (phase !== p.phase) { phase = p.phase; step = -1; }
      const tenth = Math.floor((10 * p.bytesRead) / Math.max(p.totalBytes, 1));
      if (tenth <= step) return;
      step = tenth;
      stream.write(`${PHASES[p.phase]} ${file}: ${tenth * 10}% (${p.bytesRead} of ${p.totalBytes} bytes, ${p.events} events)\n`);
    },
    stop() {},
  };
}

/** What the import left out, one line per reason with its count and up to 3 examples ('' when nothing). */
export function formatSkips(summary: Pick<ImportSummary, 'skips'>): string {
  if (summary.skips.length === 0) return '';
  const total = summary.skips.reduce((n, s) => n + s.count, 0);
  return `skipped ${total}:\n` + summary.skips.map((s) =>
    `  ${s.count} × ${s.reason}${s.examples.length ? ` (e.g. ${s.examples.join('; ')})` : ''}\n`).join('');
}
