/**
 * Builds the operator console (web/) into web/dist, which the server serves at `/` with an SPA
 * fallback to index.html. `npm run build:web` from the repository root.
 * Dev: `npx vite --config web/vite.config.ts` proxies /api to QUNYUN_API_URL (default http://127.0.0.1:3000).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.QUNYUN_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false } } },
});
