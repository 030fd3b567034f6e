/**
 * Importing a chat export's history into a workspace, in two passes over the file so that a
 * malformed export leaves nothing behind: the first pass reads and validates every event and
 * writes nothing; only when the whole file is good does the second pass read it again and ingest
 * it in batches through ingestBatch. Events are keyed by ids derived from the export, so importing
 * the same file again (or resuming after a failure during the second pass) stores nothing twice.
 */
import { stat } from 'node:fs/promises';
import type { Database } from '../db/database.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { IdentityCache, ingestBatch, type IngestScope } from '../events/ingest.ts';
import { readTelegramExport, TelegramNames } from './telegram.ts';
import { detectDateOrder, readWhatsAppExport, type DateOrder } from './whatsapp.ts';
import { checkTimeZone } from './zoned-time.ts';

export type ImportSource =
  | { kind: 'telegram'; path: string }
  | { kind: 'whatsapp'; path: string; timezone: string; dateOrder?: DateOrder; group?: string; selfName?: string };

export interface ImportProgress {
  phase: 'validate' | 'ingest';
  bytesRead: number;
  totalBytes: number;
  /** Events read so far in this phase (in the ingest phase: sent to ingest). */
  events: number;
  /** Events in the file, known once the validate phase is over. */
  totalEvents?: number;
}

export interface ImportOptions {
  /** Events per ingest transaction (default 2000). */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportSummary {
  kind: ImportSource['kind'];
  file: string;
  bytes: number;
  /** Events in the file. */
  events: number;
  stored: number;
  duplicates: number;
  /** Dead-lettered by ingest (none unless ingest is stricter than the first pass). */
  rejected: number;
  /** Distinct groups and members (senders, joiners, leavers, inviters, mentioned) in the file. */
  groups: number;
  members: number;
  messages: number;
  edits: number;
  joins: number;
  leaves: number;
  renames: number;
  /** Chats, messages or lines left out (non-group chats, pins, calls, unknown system lines, …), by why. */
  skipped: Record<string, number>;
  /** The same, with up to 3 examples each (which chat, message or line), most frequent reason first. */
  skips: SkipSummary[];
  /** Dates' day/month order used (WhatsApp). */
  dateOrder?: DateOrder;
  durationMs: number;
  validateMs: number;
  ingestMs: number;
  /** The process's peak resident set size so far (process.resourceUsage().maxRSS), in MB. */
  peakRssMb: number;
}

export interface SkipSummary { reason: string; count: number; examples: string[] }

/** At most this many examples are kept per reason. */
export const SKIP_EXAMPLES = 3;

const ROLES = ['userId', 'ownerId'] as const;

export async function importHistory(db: Database, scope: IngestScope, source: ImportSource, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const totalBytes = (await stat(source.path)).size;
  const skipped: Record<string, number> = {};
  const examples: Record<string, string[]> = {};
  const onSkip = (what: string, reason: string, example?: string) => {
    const k = `${what}: ${reason}`;
    skipped[k] = (skipped[k] ?? 0) + 1;
    const list = (examples[k] ??= []);
    if (example !== undefined && list.length < SKIP_EXAMPLES) list.push(example);
  };

  // Settled before the first pass, so that both passes read the file the same way.
  let dateOrder: DateOrder | undefined;
  const names = new TelegramNames();
  if (source.kind === 'whatsapp') {
    checkTimeZone(source.timezone);
    dateOrder = source.dateOrder ?? await detectDateOrder(source.path);
  }
  const read = (onBytes: (n: number) => void, validate: boolean, report: boolean): AsyncGenerator<PlatformEventInput> => {
    const common = { onBytes, validate, ...(report ? { onSkip } : {}) };
    if (source.kind === 'telegram') return readTelegramExport(source.path, { ...common, names });
    return readWhatsAppExport(source.path, {
      ...common, timezone: source.timezone, dateOrder: dateOrder!,
      ...(source.group !== undefined ? { group: source.group } : {}), ...(source.selfName !== undefined ? { selfName: source.selfName } : {}),
    });
  };

  // Pass 1: validate and count; learns the Telegram names that pass 2 resolves members with.
  let events = 0;
  let bytesRead = 0;
  const progress = (phase: ImportProgress['phase'], n: number, total?: number) =>
    options.onProgress?.({ phase, bytesRead, totalBytes, events: n, ...(total !== undefined ? { totalEvents: total } : {}) });
  for await (const _ of read((b) => { bytesRead = b; progress('validate', events); }, true, true)) events++;
  const validated = performance.now();

  // Pass 2: ingest in batches. A fresh identity cache: ids cached for another database must not leak in.
  if ((await stat(source.path)).size !== totalBytes) throw new Error(`${source.path} changed while it was being validated; nothing was imported`);
  const cache = new IdentityCache();
  let stored = 0, duplicates = 0, rejected = 0, sent = 0;
  bytesRead = 0;
  let batch: PlatformEventInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await ingestBatch(db, scope, batch, cache);
    stored += r.stored; duplicates += r.duplicates; rejected += r.rejected.length;
    sent += batch.length;
    batch = [];
    progress('ingest', sent, events);
  };
  // Tallied on this pass: only now are all names known, so only now are member ids final.
  const groups = new Set<string>();
  const members = new Set<string>();
  const counts = { message: 0, edit: 0, join: 0, leave: 0, group_renamed: 0 } as Record<string, number>;
  for await (const e of read((b) => { bytesRead = b; }, false, false)) {
    groups.add(e.groupId);
    for (const role of ROLES) {
      const id = (e as Record<string, unknown>)[role];
      if (typeof id === 'string') members.add(id);
    }
    if (e.type === 'join' && e.via?.inviterId) members.add(e.via.inviterId);
    if (e.type === 'message') for (const m of e.mentions ?? []) members.add(m);
    if (e.type in counts) counts[e.type]!++;
    batch.push(e);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  // Only a file rewritten during the import reads differently the second time.
  if (sent !== events) throw new Error(`${source.path} changed during the import: ${events} events validated, ${sent} ingested; import it again`);
  const done = performance.now();

  return {
    kind: source.kind, file: source.path, bytes: totalBytes, events, stored, duplicates, rejected,
    groups: groups.size, members: members.size,
    messages: counts.message!, edits: counts.edit!, joins: counts.join!, leaves: counts.leave!, renames: counts.group_renamed!,
    skipped,
    skips: Object.entries(skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([reason, count]) => ({ reason, count, examples: examples[reason] ?? [] })),
    ...(dateOrder ? { dateOrder } : {}),
    durationMs: Math.round(done - started), validateMs: Math.round(validated - started), ingestMs: Math.round(done - validated),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
