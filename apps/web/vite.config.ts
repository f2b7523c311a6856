import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.KENNISPLEIN_API ?? 'http://localhost:3000';

// Built into dist/web, which the api serves at `/`. In development Vite serves the client
// and passes the API and socket.io (websocket) through to the running api.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
});
