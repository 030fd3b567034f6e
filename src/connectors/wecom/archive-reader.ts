/**
 * Reads WeCom's chat archive (会话内容存档) through a sidecar. Tencent ships the archive only as a
 * native SDK (libWeWorkFinanceSdk_C.so), so, like the open-source deployments, Qunyun runs it in a
 * small separate process that calls GetChatData + DecryptData and serves the decrypted records:
 *
 *   GET <sidecarUrl>/messages?seq=<last seq seen>&limit=<1..1000>
 *   → {"errcode":0,"errmsg":"ok","chatdata":[{"seq":1,"msgid":"…","action":"send","from":"…",
 *      "tolist":[…],"roomid":"wr…","msgtime":1691386670520,"msgtype":"text","text":{"content":"…"}}, …]}
 *
 * (GetChatData's `seq` semantics: records with a seq greater than the one given, in seq order.)
 * `pull` reads batch after batch and hands each batch's events to the sink; it moves past a batch
 * only once the sink has stored it, so the seq it returns is safe to persist and resume from.
 */
import { PlatformError, type EventSink } from '../connector.ts';
import { mapArchiveRecord, type ArchiveRecord } from './archive-mapping.ts';
import { silentLogger, type WecomLogger } from './client.ts';
import { OutboundError } from '../../net/outbound.ts';

export interface ArchiveReaderOptions {
  sidecarUrl: string;
  fetch?: typeof globalThis.fetch;
  /** Records per request, 1..1000 (the SDK's limit); default 100. */
  limit?: number;
  timeoutMs?: number;
  logger?: WecomLogger;
}

export interface PullResult {
  /** The last seq whose events the sink has stored: persist it and pass it to the next pull. */
  seq: number;
  records: number;
  events: number;
  stored: number;
  duplicates: number;
  skipped: number;
}

/** The sink failed part-way; `committedSeq` is how far the pull got safely. */
export class ArchivePullError extends Error {
  readonly committedSeq: number;
  constructor(message: string, committedSeq: number, cause: unknown) {
    super(message, { cause });
    this.name = 'ArchivePullError';
    this.committedSeq = committedSeq;
  }
}

export interface ArchiveReader {
  /** Records after `seq`, in seq order. */
  fetchRecords(seq: number, limit?: number): Promise<ArchiveRecord[]>;
  /** Pulls until the sidecar has nothing newer (or maxBatches), storing each batch before going on. */
  pull(sink: EventSink, fromSeq: number, options?: { maxBatches?: number }): Promise<PullResult>;
}

export function createArchiveReader(options: ArchiveReaderOptions): ArchiveReader {
  const base = options.sidecarUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const defaultLimit = options.limit ?? 100;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = options.logger ?? silentLogger;
  if (!Number.isInteger(defaultLimit) || defaultLimit < 1 || defaultLimit > 1000) throw new RangeError('limit must be 1..1000');

  async function fetchRecords(seq: number, limit = defaultLimit): Promise<ArchiveRecord[]> {
    let res: Response;
    try {
      res = await doFetch(`${base}/messages?seq=${seq}&limit=${limit}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      // Refused by the outbound guard: say why; otherwise the same words for every failure.
      if (e instanceof OutboundError && e.refused) throw new PlatformError(`archive sidecar: ${e.message}`, e.status, e.code);
      throw new PlatformError('archive sidecar: could not reach the sidecar', 0, 'network');
    }
    const body = (await res.json().catch(() => null)) as { errcode?: number; errmsg?: string; chatdata?: unknown } | null;
    if (!res.ok || body === null || typeof body.errcode !== 'number') {
      throw new PlatformError('archive sidecar: could not reach the sidecar', 502, 'bad_response');
    }
    if (body.errcode !== 0) throw new PlatformError(`archive sidecar: errcode ${body.errcode}: ${body.errmsg ?? ''}`, 502, 'archive_error');
    if (!Array.isArray(body.chatdata)) throw new PlatformError('archive sidecar: chatdata is not an array', 502, 'bad_response');
    const records = (body.chatdata as ArchiveRecord[]).filter((r) => typeof r?.seq === 'number' && r.seq > seq);
    if (records.length !== body.chatdata.length) log.warn({ seq, dropped: body.chatdata.length - records.length }, 'archive sidecar sent records at or before the asked seq');
    return records.sort((a, b) => a.seq - b.seq);
  }

  async function pull(sink: EventSink, fromSeq: number, o: { maxBatches?: number } = {}): Promise<PullResult> {
    const result: PullResult = { seq: fromSeq, records: 0, events: 0, stored: 0, duplicates: 0, skipped: 0 };
    const maxBatches = o.maxBatches ?? Infinity;
    for (let batch = 0; batch < maxBatches; batch++) {
      const records = await fetchRecords(result.seq);
      if (records.length === 0) break;
      const events = [];
      for (const r of records) {
        const m = mapArchiveRecord(r);
        if ('event' in m) events.push(m.event);
        else result.skipped++;
      }
      if (events.length > 0) {
        try {
          const stored = await sink(events);
          result.stored += stored.stored;
          result.duplicates += stored.duplicates;
        } catch (e) {
          throw new ArchivePullError(`archive pull: events after seq ${result.seq} not stored: ${(e as Error).message}`, result.seq, e);
        }
      }
      result.records += records.length;
      result.events += events.length;
      result.seq = records[records.length - 1]!.seq;
      if (records.length < defaultLimit) break;
    }
    return result;
  }

  return { fetchRecords, pull };
}
