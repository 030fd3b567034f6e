/**
 * Makes sure Debian's Chromium is installed at /usr/bin/chromium (the browser the console's
 * browser tests drive through playwright-core). When the binary is missing it runs
 * `apt-get update` then `apt-get install -y chromium`, which needs root; otherwise it fails with
 * a message that says what to run. Screenshots of the Chinese UI need a CJK font, so it also
 * installs `fonts-wqy-microhei` when fontconfig knows no font for Chinese.
 *
 *   node scripts/ensure-chromium.ts          # exits 0 when the browser is there
 *   import { ensureChromium } from '../../scripts/ensure-chromium.ts'
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch arguments for a headless Chromium in a container (no sandbox, no GPU, no updaters). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): void {
  process.stderr.write(`ensure-chromium: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw new Error(`ensure-chromium: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ensure-chromium: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Returns the browser's path, installing it with apt-get first when it is missing. */
export function ensureChromium(): string {
  if (isExecutable(CHROMIUM_PATH)) {
    ensureCjkFont();
    return CHROMIUM_PATH;
  }
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`ensure-chromium: CHROMIUM_PATH=${CHROMIUM_PATH} is not an executable file`);
  }
  if (process.platform !== 'linux' || !isExecutable('/usr/bin/apt-get')) {
    throw new Error(`ensure-chromium: ${CHROMIUM_PATH} is missing and apt-get is not available here; install Chromium and set CHROMIUM_PATH to its binary`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`ensure-chromium: ${CHROMIUM_PATH} is missing; installing it needs root. Run: sudo apt-get update && sudo apt-get install -y chromium`);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!isExecutable(CHROMIUM_PATH)) {
    throw new Error(`ensure-chromium: apt-get finished but ${CHROMIUM_PATH} is still missing`);
  }
  ensureCjkFont(true);
  return CHROMIUM_PATH;
}

/** Installs a small CJK font when none is known (best effort: only as root, never fatal). */
function ensureCjkFont(updated = false): void {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.error || fonts.stdout.trim() !== '') return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    process.stderr.write('ensure-chromium: no CJK font installed; Chinese text will render as boxes (apt-get install -y fonts-wqy-microhei)\n');
    return;
  }
  try {
    if (!updated) run('apt-get', ['update']);
    run('apt-get', ['install', '-y', 'fonts-wqy-microhei']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message} (continuing without a CJK font)\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
