import { defineConfig } from 'vite';

// The server serves dist/ at / (same origin as the API, so the session cookie just works).
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
});
