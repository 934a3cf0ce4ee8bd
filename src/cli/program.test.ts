import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './program.js';
import { testEngine } from '../testing/test-db.js';

// The CLI opens the database from the environment, like the server: give it a fresh PGlite folder.
let dataDir: string;
let stdout: string;
let stderr: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-'));
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('DATABASE_URL', '');
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true; });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe.runIf(testEngine() === 'pglite')('hub command line', () => {
  it('creates a user, prints a token for it, and verifies the audit log', async () => {
    vi.stubEnv('HUB_PASSWORD', 'a long enough password');
    expect(await run(['users', 'create', '--username', 'jsmith', '--role', 'finance', '--name', 'Jo Smith'])).toBe(0);
    expect(stdout).toContain('Created jsmith (finance)');

    stdout = '';
    expect(await run(['tokens', 'create', '--user', 'jsmith', '--json'])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ user: 'jsmith', token: expect.stringMatching(/^hub_/) });

    stdout = '';
    expect(await run(['audit', 'verify', '--json'])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, entries: 2 });
  });

  it('explains a bad request and exits non-zero', async () => {
    vi.stubEnv('HUB_PASSWORD', 'short');
    expect(await run(['users', 'create', '--username', 'x', '--role', 'wizard'])).toBe(1);
    expect(stderr).toMatch(/role|username|password/);
    expect(await run(['tokens', 'create', '--user', 'nobody'])).toBe(1);
    expect(stderr).toContain('There is no user nobody.');
  });

  it('says plainly when the server holds the database folder', async () => {
    const server = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      fs.writeFileSync(path.join(dataDir, 'hub.lock'), JSON.stringify({ pid: server.pid, holder: 'server on port 3000' }));
      expect(await run(['audit', 'verify'])).toBe(1);
      expect(stderr).toMatch(/in use by another Commissioning Hub process \(server on port 3000/);
      expect(stderr).toMatch(/use the web app or the API/);
    } finally {
      server.kill();
    }
  });
});
