/** Child processes of the benchmark: each in its own process group, so killing it ends tsx and the node it starts. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export function spawnTsx(script: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [tsxCli, script, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

const running = new Set<ChildProcess>();

/** Signals the child's whole process group; SIGKILL if it has not exited after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => { try { process.kill(-child.pid!, s); } catch { /* already gone */ } };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** On Ctrl-C or a crash of the benchmark, leave no server or worker behind. */
export function killTrackedOnExit() {
  const killAll = () => { for (const c of running) try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', killAll);
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => { killAll(); process.exit(130); });
}

/** Runs a bench worker to completion and returns its `RESULT {json}` line, parsed. */
export async function runWorker<T>(args: string[], env: NodeJS.ProcessEnv = process.env, script = 'bench/load-worker.ts'): Promise<T> {
  const child = track(spawnTsx(script, args, { env }));
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`bench worker ${args.join(' ')} failed (exit ${code}):\n${err.slice(-4000)}${out.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}
