/**
 * Qunyun run as its command line does, in child processes, on an embedded database in a given
 * DATA_DIR: `qunyun(dataDir, args)` runs a command to completion, `serve(dataDir)` starts the
 * server on a free port and resolves with the URL it prints. For the browser test and the docs'
 * screenshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'src/cli/main.ts');
// QUNYUN_COMMAND_TIMEOUT_MS: more time on a machine shared by many (simulate takes minutes at load 20).
const COMMAND_TIMEOUT = Number(process.env.QUNYUN_COMMAND_TIMEOUT_MS) || 60_000;

function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // always the embedded database in dataDir
  delete env.PUBLIC_URL;
  return { ...env, ...extra };
}

/** Runs `qunyun <args>` to completion; rejects with its output when it fails. */
export function qunyun(dataDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`qunyun ${args[0]} ${args[1] ?? ''} exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
}

export interface RunningServer { url: string; pid: number; stop(): Promise<void> }

/** `qunyun serve --port 0`: resolves with the URL it prints once it listens (within `startMs`); `env` adds e.g. PUBLIC_URL. */
export function serve(dataDir: string, env: Record<string, string> = {}, startMs = 30_000): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0'], { cwd: ROOT, env: cliEnv(dataDir, env), stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    // QUNYUN_SERVE_TIMEOUT_MS: a loaded shared machine may take longer than 30 s to start a server.
    const limit = Number(process.env.QUNYUN_SERVE_TIMEOUT_MS ?? Math.max(startMs, COMMAND_TIMEOUT / 2));
    const timer = setTimeout(() => { void stop(); reject(new Error(`qunyun serve printed no URL within ${limit / 1000} s:\n${output}`)); }, limit);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Qunyun is listening on (http:\/\/\S+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, pid: child.pid!, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.QUNYUN_TEST_VERBOSE) process.stderr.write(chunk);
    });
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`qunyun serve exited with ${child.exitCode ?? child.signalCode}:\n${output}`)); });
  });
}
