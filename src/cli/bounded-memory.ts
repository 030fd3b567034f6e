/**
 * Bounded memory for batch commands (history import, migrate): their JavaScript heap holds little
 * that lives long, but V8 lets garbage pile up to hundreds of MB before it collects, and on the
 * embedded engine V8's optimizing compiler spends about 580 MB at once compiling one of PGlite's
 * WebAssembly functions. Both are settled by V8 flags that only take effect when a process starts
 * (V8 freezes its flags after start-up), so the command runs itself again in a child process with
 * them: a capped heap with a small young generation and, on PGlite, WebAssembly compiled by the
 * baseline compiler only (about as fast here, since the import waits on storage), and a smaller
 * shared buffer pool unless PGLITE_SHARED_BUFFERS says otherwise. The `qunyun` launcher
 * (bin/qunyun.js) starts an import or a migrate with these flags already; started any other way
 * (node src/cli/main.ts), the command starts a child with them. The flags are in bin/bounded-memory.js.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BOUNDED_MARKER, boundedMemory } from '../../bin/bounded-memory.js';

/**
 * In the parent: runs `qunyun <command> <argv>` in a bounded child and resolves with its exit code.
 * In that child (or when the launcher started this process bounded already): resolves undefined
 * at once, and the command goes on.
 */
export async function rerunWithBoundedMemory(command: string, argv: string[]): Promise<number | undefined> {
  if (process.env[BOUNDED_MARKER] === '1') return undefined;
  const { flags, env } = boundedMemory(process.env);
  const main = path.join(import.meta.dirname, 'main.ts');
  const child = spawn(process.execPath, [...process.execArgv, ...flags, main, command, ...argv], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => () => { child.kill(signal); };
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
    });
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
}
