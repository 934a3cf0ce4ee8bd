/**
 * Every practice's feedback pack for a month, in one background job with progress (issue 7 §3).
 * A run is a feedback_pack_run row (month, practices, done, status); each pack's PDF is stored in
 * feedback_pack as soon as it is drawn, one at a time, so memory stays flat whatever the number of
 * practices: the peer data is assembled once per run (feedback-pack.ts assemblePeerData), then
 * each practice only takes its own slice.
 *
 * Cancelling marks the run cancelled; the job sees it at the next pack (the "done" update matches
 * only a running run) or at the next step of assembling, and stops. Packs already stored stay.
 * Runs are not resumed: one left "running" by a server that stopped is marked failed when the next
 * run starts.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { recordAudit } from '../audit/audit-log.js';
import { resolveCommissioner } from '../budgets/capitation.js';
import { HttpError, notFound } from '../http/errors.js';
import { assemblePeerData, PackCancelled, packFor } from './feedback-pack.js';
import { renderFeedbackPackPdf } from './feedback-pack-pdf.js';

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export interface PackRun {
  id: number;
  month: string;
  status: RunStatus;
  practices: number;
  done: number;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const RUN_COLUMNS = ['id', 'month', 'status', 'practices', 'done', 'error', 'started_by', 'started_at', 'finished_at'] as const;
type RunRow = { id: number; month: string; status: RunStatus; practices: number; done: number; error: string | null; started_by: string; started_at: Date | string; finished_at: Date | null };
const toRun = (r: RunRow): PackRun => ({
  id: r.id, month: String(r.month).slice(0, 7), status: r.status, practices: r.practices, done: r.done, error: r.error,
  startedBy: r.started_by, startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at),
});

export async function listRuns(db: Db, limit = 20): Promise<PackRun[]> {
  const rows = await db.selectFrom('feedback_pack_run').select(RUN_COLUMNS).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => toRun(r as RunRow));
}

export async function findRun(db: Db, id: number): Promise<PackRun> {
  const row = await db.selectFrom('feedback_pack_run').select(RUN_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The feedback pack run ${id}`);
  return toRun(row as RunRow);
}

/** The practices whose pack a run has stored (codes only: names are for those who may see them). */
export async function runPractices(db: Db, id: number): Promise<string[]> {
  const rows = await db.selectFrom('feedback_pack').select('practice_code').where('run_id', '=', id).orderBy('practice_code').execute();
  return rows.map((r) => r.practice_code);
}

/** A stored pack's PDF, or null when the run has not generated it (yet). */
export async function storedPack(db: Db, runId: number, practiceCode: string): Promise<Buffer | null> {
  const row = await db.selectFrom('feedback_pack').select('pdf').where('run_id', '=', runId).where('practice_code', '=', practiceCode).executeTakeFirst();
  return row ? Buffer.from(row.pdf) : null;
}

export interface PackJobs {
  /** Starts a run for the month (YYYY-MM) in the background and returns it as it starts. */
  start(actor: Actor, month: string): Promise<PackRun>;
  cancel(actor: Actor, id: number): Promise<PackRun>;
  /** Resolves when the run's job (if this process runs it) has stopped: for tests and shutdown. */
  settled(id: number): Promise<void>;
  /** Cancels every job of this process and waits for them to stop. */
  close(): Promise<void>;
}

export interface PackJobOptions {
  organisation?: string;
  /** called before each practice's pack is drawn (tests use it to act at a known point of a run) */
  beforePack?: (practiceCode: string) => Promise<void> | void;
}

export function feedbackPackJobs(db: Db, options: PackJobOptions = {}): PackJobs {
  const running = new Map<number, { abort: AbortController; done: Promise<void> }>();

  async function finish(id: number, status: RunStatus, error: string | null = null) {
    await db.updateTable('feedback_pack_run').set({ status, error, finished_at: new Date() }).where('id', '=', id).where('status', '=', 'running').execute();
  }

  async function run(id: number, actor: Actor, month: string, signal: AbortSignal) {
    try {
      const data = await assemblePeerData(db, actor, month, signal);
      const generatedAt = new Date();
      for (const practice of data.practices) {
        await options.beforePack?.(practice.code);
        if (signal.aborted) return;
        const pdf = await renderFeedbackPackPdf(packFor(data, practice, generatedAt), { organisation: options.organisation });
        // Counted and stored together, and only while the run is still running (not cancelled).
        const stillRunning = await db.transaction().execute(async (tx) => {
          const counted = await tx.updateTable('feedback_pack_run').set((eb) => ({ done: eb('done', '+', 1) }))
            .where('id', '=', id).where('status', '=', 'running').returning('id').executeTakeFirst();
          if (counted) await tx.insertInto('feedback_pack').values({ run_id: id, practice_code: practice.code, pdf }).execute();
          return Boolean(counted);
        });
        if (!stillRunning) return;
      }
      await finish(id, 'finished');
    } catch (error) {
      if (error instanceof PackCancelled || signal.aborted) return;
      await finish(id, 'failed', error instanceof Error ? error.message : String(error)).catch(() => undefined);
    }
  }

  return {
    async start(actor, month) {
      if (running.size) {
        throw new HttpError(409, 'run_in_progress', 'Feedback packs are already being generated: wait for that run to finish, or cancel it.', [{ field: 'month', message: 'another run is in progress' }]);
      }
      // A run left "running" by a server that stopped will never finish.
      await db.updateTable('feedback_pack_run').set({ status: 'failed', error: 'interrupted: the server stopped while the packs were being generated', finished_at: new Date() })
        .where('status', '=', 'running').execute();
      const practices = await countPractices(db);
      const row = await db.insertInto('feedback_pack_run').values({ month: `${month}-01`, practices, started_by: actor.username }).returning(RUN_COLUMNS).executeTakeFirstOrThrow();
      await recordAudit(db, { actor: actor.username, action: 'feedback_pack.generate', entityType: 'feedback_pack_run', entityId: String(row.id), details: { month, practices } });
      const abort = new AbortController();
      const done = run(row.id, actor, month, abort.signal).finally(() => running.delete(row.id));
      running.set(row.id, { abort, done });
      return toRun(row as RunRow);
    },

    async cancel(actor, id) {
      const current = await findRun(db, id);
      if (current.status !== 'running') {
        throw new HttpError(409, 'not_running', `The run ${id} is ${current.status}: only a running run can be cancelled.`, [{ field: 'params.runId', message: `is ${current.status}` }]);
      }
      await finish(id, 'cancelled');
      running.get(id)?.abort.abort();
      await recordAudit(db, { actor: actor.username, action: 'feedback_pack.cancel', entityType: 'feedback_pack_run', entityId: String(id), details: { month: current.month, done: current.done } });
      return findRun(db, id);
    },

    async settled(id) {
      await running.get(id)?.done;
    },

    async close() {
      const jobs = [...running.entries()];
      for (const [id, job] of jobs) {
        job.abort.abort();
        await finish(id, 'cancelled', 'the server stopped').catch(() => undefined);
      }
      await Promise.all(jobs.map(([, job]) => job.done));
    },
  };
}

/** Practices of the commissioner the packs are for (the one with practices, as insight resolves it). */
async function countPractices(db: Db): Promise<number> {
  const { code } = await resolveCommissioner(db);
  const row = await db.selectFrom('practice').select((eb) => eb.fn.countAll<number>().as('n')).where('commissioner_code', '=', code).executeTakeFirstOrThrow();
  return Number(row.n);
}
