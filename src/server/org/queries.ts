/**
 * Read queries for organisations and population. `scope` narrows to one practice for
 * practice users (see domain/access/can.ts: practiceScope).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { toPyramid } from '../../domain/population/age-bands.js';

/** The latest list-size period of each practice, and the list size then. */
function latestListSizes(db: Db) {
  return db.selectFrom('population as p')
    .select(['p.practice_code', 'p.period', (eb) => eb.fn.sum<number>('p.patients').as('list_size')])
    .where('p.period', '=', (eb) => eb.selectFrom('population as q').select((e) => e.fn.max('q.period').as('m')).whereRef('q.practice_code', '=', 'p.practice_code'))
    .groupBy(['p.practice_code', 'p.period']);
}

export async function listPractices(db: Db, scope: string | null) {
  let q = db.selectFrom('practice')
    .innerJoin('org_group', 'org_group.code', 'practice.group_code')
    .leftJoin(latestListSizes(db).as('ls'), 'ls.practice_code', 'practice.code')
    .select([
      'practice.code', 'practice.name', 'practice.postcode', 'practice.commissioner_code as commissionerCode',
      'org_group.code as groupCode', 'org_group.name as groupName',
      sql<number>`coalesce(ls.list_size, 0)::int`.as('listSize'), 'ls.period as listSizePeriod',
    ])
    .orderBy('org_group.name').orderBy('practice.name');
  if (scope) q = q.where('practice.code', '=', scope);
  return q.execute();
}

export async function listGroups(db: Db, scope: string | null) {
  let q = db.selectFrom('org_group')
    .innerJoin('commissioner', 'commissioner.code', 'org_group.commissioner_code')
    .innerJoin('practice', 'practice.group_code', 'org_group.code')
    .leftJoin(latestListSizes(db).as('ls'), 'ls.practice_code', 'practice.code')
    .select([
      'org_group.code', 'org_group.name', 'org_group.kind',
      'commissioner.code as commissionerCode', 'commissioner.name as commissionerName',
      sql<number>`count(practice.code)::int`.as('practices'),
      sql<number>`coalesce(sum(ls.list_size), 0)::int`.as('listSize'),
    ])
    .groupBy(['org_group.code', 'org_group.name', 'org_group.kind', 'commissioner.code', 'commissioner.name'])
    .orderBy('org_group.name');
  if (scope) q = q.where('practice.code', '=', scope);
  return q.execute();
}

export async function listProviders(db: Db) {
  return db.selectFrom('provider').select(['code', 'name', 'kind', 'mff']).orderBy('name').execute();
}

export async function findPractice(db: Db, code: string) {
  return (await listPractices(db, code))[0];
}

/** Population by sex and age band for one practice (or every practice) at one period. */
export async function populationPyramid(db: Db, practiceCode: string | null, period?: string) {
  const periods = await db.selectFrom('population').select('period').distinct()
    .$if(practiceCode !== null, (q) => q.where('practice_code', '=', practiceCode!))
    .orderBy('period', 'desc').execute();
  const chosen = period ?? periods[0]?.period;
  if (!chosen) return { period: null, periods: [], bands: [] };
  const rows = await db.selectFrom('population')
    .select(['age_band', 'sex', sql<number>`sum(patients)::int`.as('patients')])
    .where('period', '=', chosen)
    .$if(practiceCode !== null, (q) => q.where('practice_code', '=', practiceCode!))
    .groupBy(['age_band', 'sex']).execute();
  return { period: chosen, periods: periods.map((p) => p.period), bands: toPyramid(rows) };
}
