/**
 * Builds the operator console (web/) into web/dist, which the server serves at `/` with an SPA
 * fallback to index.html. `npm run build:web` from the repository root.
 * Dev: `npx vite --config web/vite.config.ts` proxies /api to QUNYUN_API_URL (default http://127.0.0.1:3000).
 */
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root,
  base: '/',
  plugins: [scrollbarSizeOnce(), react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false } } },
});
