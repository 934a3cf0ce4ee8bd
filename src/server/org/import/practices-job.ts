/**
 * practices.csv. Commissioners and groups named in the file are created when missing (named
 * after their code, kind locality) but existing ones are never renamed; a group belongs to one
 * commissioner, so a row that puts it under another is an error.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import { parsePracticeRow, PRACTICE_COLUMNS, type PracticeRow } from '../../../domain/org/rows.js';
import { countUpserts, type ImportJob } from './job.js';

export async function practicesJob(db: Db): Promise<ImportJob<PracticeRow>> {
  const existing = await db.selectFrom('org_group').select(['code', 'commissioner_code']).execute();
  // group → its commissioner, and the row that introduced it (absent when already stored)
  const groups = new Map<string, { commissioner: string; row?: number }>(existing.map((g) => [g.code, { commissioner: g.commissioner_code }]));
  const commissioners = new Set<string>();

  return {
    columns: PRACTICE_COLUMNS,
    noun: 'practice',
    parseRow: parsePracticeRow,
    key: (row) => row.code,
    keyColumn: 'practice_code',
    describeKey: (row) => `practice ${row.code}`,

    check(row, rowNumber) {
      const group = groups.get(row.groupCode);
      if (!group) {
        groups.set(row.groupCode, { commissioner: row.commissionerCode, row: rowNumber });
      } else if (group.commissioner !== row.commissionerCode) {
        const where = group.row ? `row ${group.row}` : 'the database';
        return [{ column: 'commissioner_code', value: row.commissionerCode, message: `does not match group ${row.groupCode}, which belongs to commissioner ${group.commissioner} (${where})` }];
      }
      commissioners.add(row.commissionerCode);
      return [];
    },

    async prepare(tx) {
      const addedCommissioners = commissioners.size
        ? await tx.insertInto('commissioner').values([...commissioners].map((code) => ({ code, name: code })))
          .onConflict((oc) => oc.column('code').doNothing()).returning('code').execute()
        : [];
      const fresh = [...groups].filter(([, g]) => g.row !== undefined);
      const addedGroups = fresh.length
        ? await tx.insertInto('org_group').values(fresh.map(([code, g]) => ({ code, name: code, kind: 'locality' as const, commissioner_code: g.commissioner })))
          .onConflict((oc) => oc.column('code').doNothing()).returning('code').execute()
        : [];
      const notes: string[] = [];
      if (addedCommissioners.length) notes.push(`added commissioner${addedCommissioners.length > 1 ? 's' : ''} ${addedCommissioners.map((c) => c.code).join(', ')}, named after the code until renamed`);
      if (addedGroups.length === 1) notes.push(`added group ${addedGroups[0]!.code} as a locality, named after its code until renamed`);
      if (addedGroups.length > 1) notes.push(`added groups ${addedGroups.map((g) => g.code).join(', ')} as localities, named after their codes until renamed`);
      return notes;
    },

    store: (tx: Tx, rows) => countUpserts(tx, sql`
      insert into practice (code, name, postcode, group_code, commissioner_code)
      select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.postcode)}::text[],
                           ${rows.map((r) => r.groupCode)}::text[], ${rows.map((r) => r.commissionerCode)}::text[])
      on conflict (code) do update set name = excluded.name, postcode = excluded.postcode, group_code = excluded.group_code,
        commissioner_code = excluded.commissioner_code, updated_at = now()
      where (practice.name, practice.postcode, practice.group_code, practice.commissioner_code)
        is distinct from (excluded.name, excluded.postcode, excluded.group_code, excluded.commissioner_code)`, rows.length),
  };
}
