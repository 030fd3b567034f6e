/**
 * A table as a file: rows of a console list (JSON objects, nested) written as CSV or XLSX, one
 * batch at a time so that a table of any length streams out in constant memory.
 *
 * - Rows are flattened: `{ operator: { name } }` is the column `operator.name`; a list of plain
 *   values is one cell joined with "; "; a list of objects is one cell of JSON.
 * - Columns: those the caller names (`key` = the flattened path, `label` = the header in the
 *   operator's language, `values` = words for coded values such as a health `quiet` → 安静), else
 *   every flattened path of the first batch, with the path as its header (BI tools).
 * - CSV: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), RFC 4180 quoting, CRLF.
 *   A text cell that a spreadsheet would run as a formula (starting with = + - @, or a tab or
 *   carriage return before one) is written with a leading apostrophe (OWASP's "CSV injection").
 *   Numbers stay numbers: -3 is not text.
 * - XLSX: exceljs's streaming writer; numbers are numbers, booleans booleans, text is always a
 *   text cell (never a formula), so nothing needs escaping there.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;
export type Row = Record<string, unknown>;

export interface Column {
  key: string;
  label: string;
  /** Words for coded values: the cell shows values[raw] when there is one. */
  values?: Record<string, string> | undefined;
}

/** Flattens a row into dotted paths of plain cells. */
export function flattenRow(row: Row, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [key, value] of Object.entries(row)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) out[path] = null;
    else if (Array.isArray(value)) {
      out[path] = value.every((v) => v === null || typeof v !== 'object')
        ? value.map((v) => (v === null ? '' : String(v))).join('; ')
        : JSON.stringify(value);
    } else if (value instanceof Date) out[path] = value.toISOString();
    else if (typeof value === 'object') flattenRow(value as Row, path, out);
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') out[path] = value;
    else out[path] = String(value);
  }
  return out;
}

/** Every flattened path of the rows, in the order first seen: the columns when none are named. */
export function columnsOf(rows: readonly Row[]): Column[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(flattenRow(row))) keys.add(key);
  return [...keys].map((key) => ({ key, label: key }));
}

/**
 * The asked columns fitted to the rows (their first batch): a key that is a field stays; a key
 * that is an object of the rows becomes its fields (`d1` → `d1.eligible`, `d1.retained`,
 * `d1.rate`, headed "D1 rate"); a key that is no field (a column the console computes) is left
 * out. With no rows, or nothing left, the columns stay as asked / become every field.
 */
export function fitColumns(asked: readonly Column[], rows: readonly Row[]): Column[] {
  if (rows.length === 0) return [...asked];
  const keys = columnsOf(rows).map((c) => c.key);
  const have = new Set(keys);
  const out: Column[] = [];
  for (const c of asked) {
    if (have.has(c.key)) { out.push(c); continue; }
    for (const sub of keys.filter((k) => k.startsWith(`${c.key}.`))) out.push({ ...c, key: sub, label: `${c.label} ${sub.slice(c.key.length + 1)}` });
  }
  return out.length ? out : columnsOf(rows);
}

/** The cells of one row under the columns (coded values put in words). */
export function cellsOf(row: Row, columns: readonly Column[]): Cell[] {
  const flat = flattenRow(row);
  return columns.map((c) => {
    const v = flat[c.key] ?? null;
    if (v !== null && c.values) {
      const word = c.values[String(v)];
      if (word !== undefined) return word;
    }
    return v;
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text a spreadsheet would run as a formula gets a leading apostrophe; numbers are left alone. */
export function defuse(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(defuse(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const BOM = '\uFEFF';

/** The CSV file, streamed: the BOM and the header, then each batch's lines as it comes. */
export async function* csvChunks(columns: readonly Column[], batches: AsyncIterable<readonly Row[]>): AsyncGenerator<string> {
  yield BOM + csvLine(columns.map((c) => c.label));
  for await (const batch of batches) {
    let text = '';
    for (const row of batch) text += csvLine(cellsOf(row, columns));
    if (text) yield text;
  }
}

/** An XLSX sheet's name: at most 31 characters, none of \ / ? * [ ] :. */
export function sheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, ' ').trim().slice(0, 31) || 'Sheet1';
}

/**
 * The XLSX file, streamed through exceljs's WorkbookWriter: rows are committed as they are
 * written, so memory stays flat. An error of a later batch ends the stream with that error.
 */
export function xlsxStream(sheet: string, columns: readonly Column[], batches: AsyncIterable<readonly Row[]>): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Qunyun';
  const ws = book.addWorksheet(sheetName(sheet), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.min(40, Math.max(10, c.label.length * 2)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  (async () => {
    for await (const batch of batches) {
      for (const row of batch) {
        // Cells by position: a key with a dot is a path here, not exceljs's own addressing.
        ws.addRow(cellsOf(row, columns)).commit();
      }
    }
    ws.commit();
    await book.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
