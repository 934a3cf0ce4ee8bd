/**
 * Measures kept as versioned data (issue 7 §8): read them all, pick the version in force, and add
 * a new measure or a new version of one. A stored version is never changed: a change is a new
 * version with a later valid-from date, checked by the domain's validateMeasure.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { InsightMeasureTable } from '../../db/schema.js';
import type { Actor } from '../../domain/access/roles.js';
import { measureInForce, validateMeasure, type Denominator, type EventSelection, type MeasureDefinition } from '../../domain/insight/measures.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError } from '../http/errors.js';

export interface StoredMeasure extends MeasureDefinition { createdBy: string; createdAt: string }

const toMeasure = (r: Selectable<InsightMeasureTable>): StoredMeasure => ({
  code: r.code, version: r.version, name: r.name,
  numerator: r.numerator as EventSelection, denominator: r.denominator as Denominator,
  standardisation: r.standardisation, direction: r.direction, rationale: r.rationale, validFrom: r.valid_from,
  createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString(),
});

/** Every version of every measure, by code then version. */
export async function loadMeasures(db: Db): Promise<StoredMeasure[]> {
  const rows = await db.selectFrom('insight_measure').selectAll().orderBy('code').orderBy('version').execute();
  return rows.map(toMeasure);
}

/** The versions in force on a date, one per code (codes whose first version starts later are left out). */
export function measuresInForce(measures: readonly StoredMeasure[], onDate: string): StoredMeasure[] {
  const codes = [...new Set(measures.map((m) => m.code))];
  return codes.map((code) => measureInForce(measures, code, onDate) as StoredMeasure | null).filter((m): m is StoredMeasure => m !== null);
}

const unprocessable = (message: string, details: { field: string; message: string }[]) => new HttpError(422, 'invalid_measure', message, details);

/** The version of `code` in force on `onDate`, or a 404/422 that says why not. */
export async function measureFor(db: Db, code: string, onDate: string): Promise<StoredMeasure> {
  const measures = await loadMeasures(db);
  const versions = measures.filter((m) => m.code === code);
  if (!versions.length) {
    throw new HttpError(404, 'not_found', `There is no measure ${code}. Measures: ${[...new Set(measures.map((m) => m.code))].join(', ')}.`,
      [{ field: 'querystring.measure', message: 'is not a measure' }]);
  }
  const inForce = measureInForce(versions, code, onDate) as StoredMeasure | null;
  if (!inForce) {
    throw unprocessable(`The measure ${code} is not in force on ${onDate}: its first version starts on ${versions[0]!.validFrom}.`,
      [{ field: 'querystring.to', message: `is before the measure starts (${versions[0]!.validFrom})` }]);
  }
  return inForce;
}

/**
 * Stores a new measure (version 1) or the next version of one (its valid-from after the latest
 * version's). Every problem names its field; audited.
 */
export async function addMeasure(db: Db, actor: Actor, input: unknown): Promise<StoredMeasure> {
  const checked = validateMeasure(input);
  if (!checked.ok) throw unprocessable('The measure is not valid.', checked.errors);
  const measure = checked.value;
  if (measure.name.trim().length > 200) throw unprocessable('The measure is not valid.', [{ field: 'name', message: 'must be at most 200 characters' }]);
  return db.transaction().execute(async (tx) => {
    // One writer at a time per code, so two analysts cannot both add "version 2".
    const versions = await tx.selectFrom('insight_measure').select(['version', 'valid_from']).where('code', '=', measure.code).orderBy('version').forUpdate().execute();
    const latest = versions.at(-1);
    const expected = (latest?.version ?? 0) + 1;
    if (measure.version !== expected) {
      throw unprocessable(latest ? `The next version of ${measure.code} is ${expected}: published versions are never changed.` : `A new measure starts at version 1.`,
        [{ field: 'version', message: `must be ${expected}` }]);
    }
    if (latest && measure.validFrom <= latest.valid_from) {
      throw unprocessable(`A new version must start after version ${latest.version} (valid from ${latest.valid_from}).`,
        [{ field: 'validFrom', message: `must be after ${latest.valid_from}` }]);
    }
    const row = await tx.insertInto('insight_measure').values({
      code: measure.code, version: measure.version, name: measure.name.trim(),
      numerator: JSON.stringify(measure.numerator), denominator: JSON.stringify(measure.denominator),
      standardisation: measure.standardisation, direction: measure.direction, rationale: measure.rationale.trim(),
      valid_from: measure.validFrom, created_by: actor.username,
    }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor: actor.username, action: latest ? 'measure.version' : 'measure.add', entityType: 'insight_measure', entityId: `${measure.code} v${measure.version}`,
      details: { definition: measure },
    });
    return toMeasure(row);
  });
}
