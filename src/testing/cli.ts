/**
 * Running `hub` commands in tests: each test file gets a throwaway PGlite folder (the CLI opens
 * the database the environment names), and `hub(...)` runs a command capturing its output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { run } from '../cli/program.js';

/** Points the CLI at a fresh PGlite folder for this test file; returns the folder (valid after beforeAll). */
export function useCliFolder(prefix: string): { dir: string } {
  const folder = { dir: '' };
  beforeAll(() => {
    folder.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    vi.stubEnv('DATA_DIR', path.join(folder.dir, 'data'));
    vi.stubEnv('DATABASE_URL', '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    fs.rmSync(folder.dir, { recursive: true, force: true });
  });
  return folder;
}

/** Writes a file in the folder and returns its path. */
export function writeFile(folder: { dir: string }, name: string, text: string): string {
  const target = path.join(folder.dir, name);
  fs.writeFileSync(target, text);
  return target;
}

/** Runs `hub <args>`, returning its exit code and what it printed. */
export async function hub(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true; });
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
