/**
 * The feedback packs' job on its own, at known points of a run (beforePack): progress counts up
 * one pack at a time, cancelling stops it before the next pack, and one run at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { buildPackLocality, PACK_MONTH } from '../../testing/feedback-pack.js';
import { pdfText } from '../../testing/pdf.js';
import { testDatabase } from '../../testing/test-db.js';
import { feedbackPackJobs, findRun, runPractices, storedPack } from './feedback-pack-job.js';

let database: Database;
let db: Db;
const commissioner: Actor = { id: 1, username: 'commissioner', role: 'commissioner', practiceCode: null };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildPackLocality(db);
}, 60_000);
afterAll(() => database.close());

describe('the feedback pack job', () => {
  it('stores one pack per practice in order, the done count rising with each', async () => {
    const seen: [string, number][] = [];
    let runId = 0;
    const jobs = feedbackPackJobs(db, { beforePack: async (code) => { seen.push([code, (await findRun(db, runId)).done]); } });
    const run = await jobs.start(commissioner, PACK_MONTH);
    runId = run.id;
    expect(run).toMatchObject({ status: 'running', practices: 4, done: 0 });
    await jobs.settled(run.id);
    expect(seen).toEqual([['E82001', 0], ['E82002', 1], ['E82003', 2], ['E82004', 3]]);
    expect(await findRun(db, run.id)).toMatchObject({ status: 'finished', done: 4, practices: 4 });
    expect(await runPractices(db, run.id)).toEqual(['E82001', 'E82002', 'E82003', 'E82004']);
    const pdf = (await storedPack(db, run.id, 'E82004'))!;
    expect(pdfText(pdf)).toContain('Practice E82004 (E82004)');
    // The practice with no list still gets a pack, with nothing to compare.
    expect(pdfText(pdf)).toContain('No referrals were received from the practice in the month.');
  });

  it('allows one run at a time', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const jobs = feedbackPackJobs(db, { beforePack: () => held });
    const run = await jobs.start(commissioner, PACK_MONTH);
    await expect(jobs.start(commissioner, PACK_MONTH)).rejects.toMatchObject({ statusCode: 409, code: 'run_in_progress' });
    release();
    await jobs.settled(run.id);
    expect((await findRun(db, run.id)).status).toBe('finished');
  });

  it('cancel stops it before the next pack; packs already stored stay', async () => {
    let runId = 0;
    const jobs = feedbackPackJobs(db, {
      beforePack: async (code) => { if (code === 'E82003') await jobs.cancel(commissioner, runId); },
    });
    const run = await jobs.start(commissioner, PACK_MONTH);
    runId = run.id;
    await jobs.settled(run.id);
    const after = await findRun(db, run.id);
    expect(after).toMatchObject({ status: 'cancelled', done: 2, practices: 4 });
    expect(after.finishedAt).not.toBeNull();
    expect(await runPractices(db, run.id)).toEqual(['E82001', 'E82002']);
    await expect(jobs.cancel(commissioner, run.id)).rejects.toMatchObject({ statusCode: 409 });
    const audit = await db.selectFrom('audit_log').select(['actor', 'action']).where('entity_type', '=', 'feedback_pack_run').where('entity_id', '=', String(run.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['feedback_pack.generate', 'feedback_pack.cancel']);
  });

  it('marks a run left running by a stopped server as failed when the next starts', async () => {
    const stale = await db.insertInto('feedback_pack_run').values({ month: `${PACK_MONTH}-01`, practices: 4, started_by: 'someone' }).returning('id').executeTakeFirstOrThrow();
    const jobs = feedbackPackJobs(db);
    const run = await jobs.start(commissioner, PACK_MONTH);
    expect(await findRun(db, stale.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
    await jobs.close();
    expect((await findRun(db, run.id)).status).toBe('cancelled');
  });
});
