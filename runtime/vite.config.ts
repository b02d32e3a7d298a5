import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves `dist/` at `/` and answers `/api`; in development Vite proxies `/api` to it.
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // React changes rarely and every page needs it: its own long-cached chunk. rjsf + ajv land in the
        // lazily loaded form pages' chunks, so the sign-in page stays light.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});
