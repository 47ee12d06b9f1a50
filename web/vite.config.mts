// The partner pages and staff console, built into web/dist and served by the API (api/web-pages.ts).
// No React plugin: Vite's own transform compiles JSX with the automatic runtime, and there is no
// dev server here to hot-reload (the API serves the build).
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every browser these pages support has modulepreload; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    // The CSP allows no inline script, style or data: fonts beyond img-src: keep assets as files.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
