/**
 * PGlite is a single-process database: two processes writing one folder would corrupt it.
 * A lock file holding the owner's pid turns that into a clear error for the second process.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface FolderLock { release(): void }

export class DatabaseBusyError extends Error {
  constructor(readonly dataDir: string, readonly pid: number, readonly holder: string) {
    super(
      `The database folder ${dataDir} is in use by another Commissioning Hub process ` +
      `(${holder}, pid ${pid}). PGlite allows one process at a time: stop that process first, ` +
      `or set DATA_DIR to another folder, or use a PostgreSQL server via DATABASE_URL.`,
    );
    this.name = 'DatabaseBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireFolderLock(dataDir: string, holder: string): FolderLock {
  const file = path.join(dataDir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try { fs.unlinkSync(file); } catch { /* already gone */ }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; holder?: string } = {};
      try { owner = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof owner; } catch { /* unreadable: treat as stale */ }
      if (owner.pid && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DatabaseBusyError(dataDir, owner.pid, owner.holder ?? 'unknown');
      }
      // The previous owner died without releasing: the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the database folder ${dataDir}`);
}
