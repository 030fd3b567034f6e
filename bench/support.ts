/**
 * Shared by the benchmarks: where to run (PGlite in a temp folder, a fresh database on the
 * Postgres server) and how to report (figures, then one line of JSON).
 */
import { createTestDatabase, type Engine, type TestDatabase } from '../src/db/test-databases.ts';

export async function benchDatabase(engine: Engine): Promise<TestDatabase> {
  return createTestDatabase(engine, { persistent: true });
}

export function engines(): Engine[] {
  const arg = process.argv.find((a) => a.startsWith('--engines='));
  const list = (arg ? arg.slice('--engines='.length) : 'postgres,pglite').split(',');
  return list.filter((e): e is Engine => e === 'pglite' || e === 'postgres');
}

export function numberArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return fallback;
  const n = Number(arg.slice(name.length + 3));
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return n;
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
