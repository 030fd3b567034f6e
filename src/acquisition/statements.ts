/**
 * Staff incentives: a staff member earns the code's credit for each join attributed to them whose
 * member is still in the group `retentionDays` after joining (default 7). A join younger than
 * that is pending; one whose member left before is lost. Plain functions; the monthly statement
 * is the month's attributed joins (by join time in the workspace zone), exportable as CSV.
 */
export interface AttributedJoin {
  staffUserId: number | null;
  staffName: string;
  codeId: number;
  codeName: string;
  source: string;
  joinedAt: Date;
  leftAt: Date | null;
  retentionDays: number;
  creditPerJoin: number;
}

export type JoinOutcome = 'credited' | 'pending' | 'lost';

export function outcome(join: AttributedJoin, now: Date): JoinOutcome {
  const due = join.joinedAt.getTime() + join.retentionDays * 86_400_000;
  if (join.leftAt && join.leftAt.getTime() < due) return 'lost';
  return now.getTime() >= due ? 'credited' : 'pending';
}

export interface StatementLine {
  staffUserId: number | null;
  staffName: string;
  joins: number;
  credited: number;
  pending: number;
  lost: number;
  credit: number;
  bySource: Record<string, number>;
}

export function statement(joins: readonly AttributedJoin[], now: Date): StatementLine[] {
  const lines = new Map<string, StatementLine>();
  for (const j of joins) {
    const key = String(j.staffUserId);
    let line = lines.get(key);
    if (!line) {
      line = { staffUserId: j.staffUserId, staffName: j.staffName, joins: 0, credited: 0, pending: 0, lost: 0, credit: 0, bySource: {} };
      lines.set(key, line);
    }
    const o = outcome(j, now);
    line.joins += 1;
    line[o] += 1;
    if (o === 'credited') line.credit += j.creditPerJoin;
    line.bySource[j.source] = (line.bySource[j.source] ?? 0) + 1;
  }
  return [...lines.values()].sort((a, b) => b.credit - a.credit || b.joins - a.joins || a.staffName.localeCompare(b.staffName));
}

const cell = (v: string | number): string => {
  const s = String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function statementCsv(month: string, lines: readonly StatementLine[], headers: readonly string[]): string {
  const rows = [headers.map(cell).join(',')];
  for (const l of lines) {
    rows.push([month, l.staffName, l.joins, l.credited, l.pending, l.lost, l.credit,
      Object.entries(l.bySource).map(([s, n]) => `${s}:${n}`).join(' ')].map(cell).join(','));
  }
  // A BOM so that Excel opens the Chinese names as UTF-8.
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
