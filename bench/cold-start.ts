/**
 * Cold start: the time from spawning `tsx src/server/main.ts` to the first 200 answer, on a
 * fresh data folder (the first start also loads the demo) and again on the same folder.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnTsx, stop, track } from './children.js';

export interface StartResult { ms: number; url: string }

/** A free TCP port, trying `preferred` first. */
export async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) => new Promise<number>((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(port, '127.0.0.1', () => {
      const chosen = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(chosen));
    });
  });
  return tryPort(preferred).catch(() => tryPort(0));
}

/** `/` when the web app is built (it is what a user opens), else the API health check. */
const probePath = () => (fs.existsSync(path.resolve(process.env.WEB_DIST || 'dist/web', 'index.html')) ? '/' : '/api/health');

export async function timeStart(dataDir: string, port: number, timeoutMs = 180_000): Promise<StartResult> {
  const url = `http://127.0.0.1:${port}${probePath()}`;
  const started = performance.now();
  const child = track(spawnTsx('src/server/main.ts', [], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', HUB_DEMO: '1', DATABASE_URL: '', LOG_LEVEL: 'warn' },
  }));
  let log = '';
  child.stdout!.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { log += d.toString(); });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${log.slice(-3000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s:\n${log.slice(-3000)}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return { ms: Math.round(performance.now() - started), url };
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stop(child);
  }
}
