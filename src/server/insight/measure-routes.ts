/**
 * Measures kept as versioned data definitions (issue 7 §8): every version, which is in force, and
 * adding a measure or a new version (measure.manage, audited). Also registers the comparison,
 * trend and alert routes that use them (comparison-routes.ts).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { DIRECTIONS, EVENT_KINDS, STANDARDISATIONS } from '../../domain/insight/measures.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { comparisonRoutes } from './comparison-routes.js';
import { addMeasure, loadMeasures, measuresInForce, type StoredMeasure } from './measures.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2025-04-01');
const Selection = z.object({
  events: z.string(),
  filters: z.object({ specialties: z.array(z.string()).optional(), pointsOfDelivery: z.array(z.string()).optional() }).optional(),
});
const MeasureSchema = z.object({
  code: z.string(), version: z.number().int(), name: z.string(),
  numerator: Selection,
  denominator: z.union([z.object({ kind: z.enum(['registered_patients', 'weighted_patients']), per: z.number() }), Selection.extend({ kind: z.literal('events') })]),
  standardisation: z.enum(STANDARDISATIONS), direction: z.enum(DIRECTIONS), rationale: z.string(), validFrom: z.string(),
  createdBy: z.string(), createdAt: z.string(),
  inForce: z.boolean().describe('this is the version in force on the date asked for'),
});

const describeSelection = (s: { events: string; filters?: { specialties?: string[]; pointsOfDelivery?: string[] } }) =>
  [s.events, s.filters?.pointsOfDelivery?.length ? `at ${s.filters.pointsOfDelivery.join(', ')}` : '', s.filters?.specialties?.length ? `in ${s.filters.specialties.join(', ')}` : '']
    .filter(Boolean).join(' ');

export const measureRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(comparisonRoutes({ db }));

  app.get('/api/insight/measures', {
    schema: {
      tags: ['insight'],
      summary: 'Every version of every measure, marking the one in force on a date (today by default) (JSON, CSV or XLSX)',
      description: `Event kinds: ${EVENT_KINDS.join(', ')}.`,
      querystring: z.object({ on: IsoDate.optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      response: { 200: z.object({ on: z.string(), measures: z.array(MeasureSchema) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    await authorise(db, request, 'insight.view');
    const on = request.query.on ?? new Date().toISOString().slice(0, 10);
    const measures = await loadMeasures(db);
    const inForce = new Set(measuresInForce(measures, on).map((m) => `${m.code} ${m.version}`));
    const rows = measures.map((m) => ({ ...m, inForce: inForce.has(`${m.code} ${m.version}`) }));
    if (request.query.format === 'json') return { on, measures: rows };
    return sendTable<StoredMeasure & { inForce: boolean }>(reply, request.query.format, {
      fileName: `insight-measures-${on}`, sheetName: 'Measures', title: [`Measures, versions in force on ${on} marked`],
      columns: [
        { header: 'Code', value: (m) => m.code },
        { header: 'Version', kind: 'integer', value: (m) => m.version },
        { header: 'In force', value: (m) => (m.inForce ? 'yes' : 'no') },
        { header: 'Valid from', value: (m) => m.validFrom },
        { header: 'Name', value: (m) => m.name, width: 40 },
        { header: 'Numerator', value: (m) => describeSelection(m.numerator) },
        { header: 'Denominator', value: (m) => (m.denominator.kind === 'events' ? describeSelection(m.denominator) : `${m.denominator.kind.replace('_', ' ')} per ${m.denominator.per}`) },
        { header: 'Standardisation', value: (m) => m.standardisation },
        { header: 'Direction', value: (m) => m.direction },
        { header: 'Rationale', value: (m) => m.rationale, width: 60 },
        { header: 'Added by', value: (m) => m.createdBy },
      ],
      rows,
    });
  });

  app.post('/api/insight/measures', {
    schema: {
      tags: ['insight'],
      summary: 'Add a measure (version 1) or a new version of one (measure.manage; audited)',
      description: 'The body is a measure definition (code, version, name, numerator, denominator, standardisation, direction, rationale, validFrom). '
        + 'A new version must be the next number and start after the latest; published versions are never changed. Every problem names its field (422).',
      body: z.record(z.string(), z.unknown()),
      response: { 201: MeasureSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'measure.manage');
    const stored = await addMeasure(db, user, request.body);
    return reply.status(201).send({ ...stored, inForce: stored.validFrom <= new Date().toISOString().slice(0, 10) });
  });
};
