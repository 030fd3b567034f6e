/**
 * A shop's order export, CSV or XLSX, read into rows by column (src/orders/attribution.ts
 * ORDER_COLUMNS): the header row names the columns, in English or Chinese; other columns are
 * ignored. CSV is read with csv-parse (already used for ban lists; a BOM and quoted fields with
 * commas and line breaks are fine), XLSX with exceljs (the first worksheet; date cells stay dates).
 * A file that cannot be read, has no order id or amount column, or has too many rows is one error
 * on row 1; the rows' own errors come from readOrderRows.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { columnOf, type OrderColumn, type RowError } from './attribution.ts';

export const MAX_ROWS = 20_000;

/** A row's cells by column, and its number in the file (the header is row 1). */
export type FileRow = Partial<Record<OrderColumn, unknown>> & { row: number };
export interface FileRows { rows: FileRow[]; errors: RowError[] }

/** Rows by column; blank rows are skipped but keep the numbering of the others. */
function byHeader(header: readonly unknown[], lines: readonly (readonly unknown[])[]): FileRows {
  const body = lines.map((cells, i) => ({ cells, row: i + 2 })).filter((l) => l.cells.some((c) => c !== null && c !== undefined && c !== ''));
  const cols = header.map((h) => (typeof h === 'string' ? columnOf(h) : h === null || h === undefined ? null : columnOf(String(h))));
  const missing = (['orderId', 'amount', 'paidAt'] as const).filter((c) => !cols.includes(c));
  if (missing.length) {
    const names = { orderId: 'order_id (订单号)', amount: 'amount (金额)', paidAt: 'paid_at (支付时间)' };
    return { rows: [], errors: [{ row: 1, column: missing.map((m) => names[m]).join(', '), message: `the header has no ${missing.map((m) => names[m]).join(', ')} column`, code: 'noColumn', values: { columns: missing.map((m) => names[m]).join(', ') } }] };
  }
  if (!cols.some((c) => c === 'platformUserId' || c === 'phone' || c === 'customerId')) {
    return { rows: [], errors: [{ row: 1, column: 'customer', message: 'the header has no buyer column: platform_user_id (用户ID), phone (手机号) or customer_id (客户ID)', code: 'noBuyerColumn', values: {} }] };
  }
  if (body.length > MAX_ROWS) return { rows: [], errors: [{ row: 1, column: '', message: `${body.length} rows: at most ${MAX_ROWS} per file`, code: 'tooManyRows', values: { rows: body.length, max: MAX_ROWS } }] };
  const rows = body.map((line) => {
    const r: FileRow = { row: line.row };
    cols.forEach((c, i) => { if (c && r[c] === undefined) r[c] = line.cells[i]; });
    return r;
  });
  return { rows, errors: [] };
}

export function readCsv(text: string): FileRows {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { rows: [], errors: [{ row: typeof line === 'number' ? line : 1, column: '', message: `not a CSV file: ${(e as Error).message}`, code: 'notCsv', values: {} }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ row: 1, column: '', message: 'the file is empty', code: 'empty', values: {} }] };
  return byHeader(records[0]!, records.slice(1));
}

/** exceljs cell values: rich text, formulas (their result), hyperlinks → plain values. */
function plain(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return plain(v.result as ExcelJS.CellValue);
  if ('text' in v) return typeof v.text === 'string' ? v.text : null;
  if ('error' in v) return null;
  return null;
}

export async function readXlsx(data: Buffer): Promise<FileRows> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    return { rows: [], errors: [{ row: 1, column: '', message: `not an XLSX workbook: ${(e as Error).message}`, code: 'notXlsx', values: {} }] };
  }
  const sheet = book.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return { rows: [], errors: [{ row: 1, column: '', message: 'the workbook has no rows', code: 'empty', values: {} }] };
  if (sheet.rowCount > MAX_ROWS + 1) return { rows: [], errors: [{ row: 1, column: '', message: `${sheet.rowCount - 1} rows: at most ${MAX_ROWS} per file`, code: 'tooManyRows', values: { rows: sheet.rowCount - 1, max: MAX_ROWS } }] };
  const lines: unknown[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: width }, (_, i) => plain(row.getCell(i + 1).value));
    lines.push(cells);
  }
  return byHeader(lines[0]!, lines.slice(1));
}
