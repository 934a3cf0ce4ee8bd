/**
 * The one place that reads the environment. Everything else receives a Config.
 */
import path from 'node:path';

export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite). */
  dataDir: string;
  port: number;
  host: string;
  /** Demo mode: demo accounts may sign in, with DEMO_PASSWORD. Off in production. */
  demo: boolean;
  demoPassword: string;
  /** Cookies are marked Secure when the app is served over TLS (directly or behind a proxy). */
  secureCookies: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
  /** Built web app served at /. */
  webDist: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = process.cwd();
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(root, env.DATA_DIR || 'data'),
    port: Number(env.PORT || 3000),
    host: env.HOST || '127.0.0.1',
    demo: (env.HUB_DEMO ?? '1') !== '0',
    demoPassword: env.DEMO_PASSWORD || 'demo',
    secureCookies: env.SECURE_COOKIES === '1',
    trustProxy: env.TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL || 'info',
    webDist: path.resolve(root, env.WEB_DIST || 'dist/web'),
  };
}
