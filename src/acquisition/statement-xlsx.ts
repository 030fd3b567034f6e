/**
 * The monthly staff statement as an Excel workbook (.xlsx), beside the CSV: numbers stay numbers
 * (sums and filters work at once), Chinese names need no encoding choice, and a sheet per source
 * breakdown is not squeezed into one cell. Built with exceljs in memory; cells are written as
 * values, never formulas, so a staff name starting with `=` stays text.
 */
import ExcelJS from 'exceljs';
import type { StatementLine } from './statements.ts';

export interface StatementHeaders {
  sheet: string; month: string; staff: string; joins: string; credited: string; pending: string; lost: string; credit: string;
  bySourceSheet: string; source: string;
}

export const STATEMENT_HEADERS: Record<'zh-CN' | 'en', StatementHeaders> = {
  'zh-CN': { sheet: '员工结算', month: '月份', staff: '员工', joins: '引入人数', credited: '已计入', pending: '考核中', lost: '已流失', credit: '奖励', bySourceSheet: '按来源', source: '来源' },
  en: { sheet: 'Staff statement', month: 'Month', staff: 'Staff', joins: 'Joins', credited: 'Credited', pending: 'Pending', lost: 'Lost', credit: 'Credit', bySourceSheet: 'By source', source: 'Source' },
};

export async function statementXlsx(month: string, lines: readonly StatementLine[], h: StatementHeaders): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Qunyun';
  const main = book.addWorksheet(h.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  main.columns = [
    { header: h.month, key: 'month', width: 10 }, { header: h.staff, key: 'staff', width: 20 },
    { header: h.joins, key: 'joins', width: 10 }, { header: h.credited, key: 'credited', width: 10 },
    { header: h.pending, key: 'pending', width: 10 }, { header: h.lost, key: 'lost', width: 10 }, { header: h.credit, key: 'credit', width: 10 },
  ];
  main.getRow(1).font = { bold: true };
  for (const l of lines) {
    main.addRow({ month, staff: l.staffName, joins: l.joins, credited: l.credited, pending: l.pending, lost: l.lost, credit: l.credit });
  }
  const bySource = book.addWorksheet(h.bySourceSheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  bySource.columns = [{ header: h.staff, key: 'staff', width: 20 }, { header: h.source, key: 'source', width: 16 }, { header: h.joins, key: 'joins', width: 10 }];
  bySource.getRow(1).font = { bold: true };
  for (const l of lines) {
    for (const [source, n] of Object.entries(l.bySource)) bySource.addRow({ staff: l.staffName, source, joins: n });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
