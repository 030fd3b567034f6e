#!/usr/bin/env node
// Launches the qunyun CLI (src/cli/main.ts) with the Node version pinned in the project
// (node_modules/node), which runs TypeScript directly, whatever node started this script.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boundedMemory } from './bounded-memory.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pinned = [path.join(root, 'node_modules', 'node', 'bin', 'node'), path.join(root, 'node_modules', '.bin', 'node')].find((p) => existsSync(p));
const node = pinned ?? process.execPath;
// Batch commands (import, migrate) run with bounded memory (flags V8 takes only at start; see
// src/cli/bounded-memory.ts, which applies the same when main.ts is started without this launcher).
const bounded = process.argv[2] === 'import' || process.argv[2] === 'migrate';
const { flags, env } = bounded ? boundedMemory(process.env) : { flags: [], env: process.env };
const child = spawn(node, [...flags, path.join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', env });
// The child is in the same process group and gets Ctrl-C itself; this process waits for it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { if (signal !== 'SIGINT') child.kill(signal); });
child.on('error', (err) => { console.error(`qunyun: cannot start ${node}: ${err.message}`); process.exit(1); });
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
