/**
 * The web app: React, built from web/ into dist/web, which the server serves at /.
 * The server's content security policy allows only same-origin scripts and styles, so the build
 * must emit external files only (no inline script or style in index.html).
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * nhsuk-frontend's compiled CSS loads the Frutiger web font from assets.nhs.uk (blocked by our
 * `font-src 'self'`, so it would only log CSP errors; the Arial fallback is what users see) and
 * refers to its icons at the site root (/assets/images/…). Drop the font faces and point the icon
 * URLs at the package's own files, so Vite bundles them.
 */
function nhsukCss(): Plugin {
  return {
    name: 'hub:nhsuk-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[\\/]dist[\\/]nhsuk[\\/].*\.css$/.test(id.split('?')[0] ?? '')) return null;
      return {
        code: code
          .replace(/@font-face\s*{[^}]*assets\.nhs\.uk[^}]*}/g, '')
          .replace(/url\((["']?)\/assets\/images\//g, 'url($1./assets/images/'),
        map: null,
      };
    },
  };
}

const api = 'http://localhost:3000';

export default defineConfig({
  root: 'web',
  plugins: [nhsukCss(), react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The polyfill would be an inline script; every supported browser has modulepreload.
    modulePreload: { polyfill: false },
    // Icons as files, not data: URIs, so nothing depends on img-src data:.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: { '/api': api, '/fhir': api },
  },
});
