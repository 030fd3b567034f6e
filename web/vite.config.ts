/**
 * Builds the operator console (web/) into web/dist, which the server serves at `/` with an SPA
 * fallback to index.html. `npm run build:web` from the repository root.
 * Dev: `npx vite --config web/vite.config.ts` proxies /api to QUNYUN_API_URL (default http://127.0.0.1:3000).
 */
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.QUNYUN_API_URL ?? 'http://127.0.0.1:3000';

/**
 * Writes <file>.br and <file>.gz beside each text file of the build (the server sends the one the
 * browser accepts: src/server/routes/console.ts). Compressed once at build time, at the highest
 * levels, instead of on every request.
 */
function precompress(): Plugin {
  return {
    name: 'qunyun-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir!;
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|css|html|svg|json)$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * Points @rc-component/util's getScrollBarSize at web/src/lib/scrollbarSize.ts, which measures once
 * per kind of box instead of forcing a layout of the page for every table antd mounts.
 */
function scrollbarSizeOnce(): Plugin {
  const replacement = path.join(root, 'src/lib/scrollbarSize.ts');
  return {
    name: 'qunyun-scrollbar-size-once',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /[\\/]@rc-component[\\/]util[\\/]/.test(importer) && /(^|\/)getScrollBarSize(\.js)?$/.test(source)) return replacement;
      return null;
    },
  };
}

/**
 * src/early.ts, bundled on its own into a small classic script (an IIFE: its own copy of the API
 * client, lib/range.ts and dayjs) and put first in index.html's head, `async`: it runs as soon as
 * the browser has it (without holding the parser) and sends the opened page's data requests,
 * instead of after the ~1 MB stylesheet has been parsed and the console's code (React, antd, the
 * shell: about a megabyte) has loaded and run, which took the main thread 100–250 ms first. A
 * module script (even `async`) ran only after those. Not inline: the CSP allows scripts from
 * 'self' only. The console's own client takes its requests over (window.qyEarly, api/client.ts);
 * should it run after the console's code, it sends nothing (window.qyConsoleStarted, App.tsx).
 */
function earlyScript(): Plugin {
  let fileName = '';
  return {
    name: 'qunyun-early-script',
    apply: 'build',
    async buildStart() {
      const built = await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          lib: { entry: path.join(root, 'src/early.ts'), formats: ['iife'], name: 'qyEarlyScript', fileName: () => 'early.js' },
        },
      });
      const output = (Array.isArray(built) ? built[0] : built) as { output: Array<{ type: string; code?: string }> };
      const code = output.output.find((o) => o.type === 'chunk')?.code;
      if (!code) throw new Error('src/early.ts was not built');
      fileName = `assets/early-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName, source: code });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', attrs: { src: `/${fileName}`, async: true }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [scrollbarSizeOnce(), react(), earlyScript(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false } } },
});
