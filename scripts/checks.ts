/**
 * Runs the type checks together before the tests (`npm test`): the OpenAPI document's check, the
 * server's and the console's `tsc`. One after the other they took a minute of a 2-core CI
 * machine's wall time for half a minute of CPU each; side by side they take about half of it.
 * Each one's output is printed whole when it ends (not interleaved); fails if any fails.
 *
 *   node scripts/checks.ts
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHECKS: Array<{ name: string; args: string[] }> = [
  { name: 'gen:api --check', args: ['scripts/gen-api.ts', '--check'] },
  { name: 'typecheck (server)', args: ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck:web (console)', args: ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'web/tsconfig.json'] },
];

const started = Date.now();
const results = await Promise.all(CHECKS.map((check) => new Promise<{ name: string; code: number; output: string; seconds: number }>((resolve) => {
  const child = spawn(process.execPath, check.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  child.on('close', (code, signal) => resolve({
    name: check.name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString(), seconds: (Date.now() - started) / 1000,
  }));
})));
for (const r of results) {
  process.stdout.write(`${r.code === 0 ? 'ok' : 'FAILED'}  ${r.name} (${r.seconds.toFixed(0)} s)\n`);
  if (r.output.trim()) process.stdout.write(`${r.output.trimEnd()}\n`);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
