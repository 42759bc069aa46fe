import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Studio is served by `flowgate serve` under /studio; its API lives under /studio/api.
export default defineConfig({
  base: '/studio/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/studio/api': 'http://127.0.0.1:8787' } },
});
