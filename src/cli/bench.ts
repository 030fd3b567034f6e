/**
 * `qunyun bench <name> [flags]`: runs bench/<name>.ts with the same node, its flags passed on.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command } from './args.ts';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench');

function available(): string[] {
  if (!existsSync(benchDir)) return [];
  return readdirSync(benchDir).filter((f) => f.endsWith('.ts') && f !== 'support.ts' && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

export const benchCommand: Command = {
  name: 'bench',
  get help() {
    const names = available();
    return `Usage: qunyun bench <name> [flags of the benchmark]

Runs bench/<name>.ts; the flags after the name go to the benchmark.
Benchmarks: ${names.length ? names.join(', ') : '(none yet)'}`;
  },
  async run(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h') {
      console.log(this.help);
      return name === undefined ? 2 : 0;
    }
    if (name.startsWith('-')) throw new UsageError(`bench: unknown flag ${name} (the benchmark's name comes first)`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !available().includes(name)) {
      throw new UsageError(`bench: no benchmark named ${JSON.stringify(name)}; available: ${available().join(', ') || '(none)'}`);
    }
    const child = spawn(process.execPath, [path.join(benchDir, `${name}.ts`), ...rest], { stdio: 'inherit' });
    // The benchmark gets the signal too (same process group); wait for it to finish.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    try {
      return await new Promise<number>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
      });
    } finally {
      process.off('SIGINT', ignore);
    }
  },
};
