/**
 * What the importers share: the error every malformed export fails with (saying where and what
 * was expected), and the reader options.
 */

/** Where in the file: a line (text exports) or a byte offset and JSON path (JSON exports). */
export interface ImportPosition {
  line?: number;
  byte?: number;
  path?: string;
}

export class ImportFormatError extends Error {
  readonly file: string;
  readonly position: ImportPosition;
  readonly expected: string;
  constructor(file: string, position: ImportPosition, expected: string) {
    super(`${file}${describe(position)}: ${expected}`);
    this.name = 'ImportFormatError';
    this.file = file;
    this.position = position;
    this.expected = expected;
  }
}

function describe(p: ImportPosition): string {
  if (p.line !== undefined) return `:${p.line}`;
  const parts: string[] = [];
  if (p.byte !== undefined) parts.push(`byte ${p.byte}`);
  if (p.path !== undefined) parts.push(`at ${p.path}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export interface ReaderOptions {
  /** Called as the file is read, with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /**
   * Check every event against the envelope (default true) and fail with an ImportFormatError
   * naming where it came from. importHistory turns it off for its second pass, which ingestBatch
   * validates anyway.
   */
  validate?: boolean;
}

/** Seconds since the epoch (number or digit string, as Telegram writes them) to ISO 8601 UTC. */
export function unixToIso(value: unknown): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0) return undefined;
  const d = new Date(n * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
