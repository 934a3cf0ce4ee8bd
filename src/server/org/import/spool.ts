/**
 * Holds checked rows on disk (one JSON line each) between checking the file and storing it, so a
 * 260,000-row population file does not sit in memory while the rest of it is checked.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export class Spool<T> {
  private pending: string[] = [];
  private constructor(private readonly dir: string, private readonly file: string, private readonly out: fs.WriteStream) {}

  static async create<T>(): Promise<Spool<T>> {
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'hub-import-'));
    const file = path.join(dir, 'rows.ndjson');
    const out = fs.createWriteStream(file);
    await once(out, 'open');
    return new Spool<T>(dir, file, out);
  }

  async write(row: T) {
    this.pending.push(JSON.stringify(row));
    if (this.pending.length >= 1000) await this.flush();
  }

  private async flush() {
    if (!this.pending.length) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  /** Reads the rows back in the order written, `size` at a time. */
  async *batches(size: number): AsyncGenerator<T[]> {
    await this.flush();
    if (!this.out.writableEnded) await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const lines = readline.createInterface({ input: fs.createReadStream(this.file), crlfDelay: Infinity });
    let batch: T[] = [];
    for await (const line of lines) {
      if (!line) continue;
      batch.push(JSON.parse(line) as T);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async dispose() {
    this.out.destroy();
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}
