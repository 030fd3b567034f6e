/**
 * Makes sure the operator console is built: runs `vite build --config web/vite.config.ts` (what
 * `npm run build:web` runs) when web/dist/index.html is missing or older than a file under web/
 * (sources, index.html, vite config). `npm test` calls it before the tests, so a clean clone
 * (`npm ci && npm test`) serves a console to the browser test.
 *
 *   node scripts/ensure-web.ts               # builds only when needed
 *   import { ensureWebBuilt } from '../../scripts/ensure-web.ts'
 */
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST_INDEX = join(ROOT, 'web/dist/index.html');

/** Why the console must be built, or null when web/dist is up to date. */
export function webBuildReason(): string | null {
  if (!existsSync(WEB_DIST_INDEX)) return 'web/dist/index.html is missing';
  const built = statSync(WEB_DIST_INDEX).mtimeMs;
  const sources = globSync(['web/src/**/*', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json'], { cwd: ROOT });
  const newer = sources.find((file) => statSync(join(ROOT, file)).mtimeMs > built);
  return newer ? `${newer} is newer than web/dist` : null;
}

/** Builds web/dist when needed; throws with vite's exit status when the build fails. */
export function ensureWebBuilt(): void {
  const reason = webBuildReason();
  if (!reason) return;
  process.stderr.write(`ensure-web: ${reason}; building the console (vite build)\n`);
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) throw new Error(`ensure-web: ${vite} is missing; run npm ci first`);
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`ensure-web: could not run vite: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ensure-web: vite build exited with ${result.status ?? result.signal}`);
  if (!existsSync(WEB_DIST_INDEX)) throw new Error('ensure-web: vite build finished but web/dist/index.html is missing');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureWebBuilt();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
