/**
 * Running costs' API (FIN-9): the commissioning body's budget lines under headings for a year,
 * with totals per heading and overall and spend against them (JSON, CSV or XLSX); lines added,
 * changed and removed by finance or commissioners (budget.manage), each change audited.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { Year } from './allowance-routes.js';
import { addRunningCostLine, deleteRunningCostLine, runningCosts, runningCostsTable, updateRunningCostLine } from './running-costs.js';

const Pence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const LineSchema = z.object({
  id: z.number().int(), year: z.string(), heading: z.string(), line: z.string(), budgetPence: z.number().int(), spentPence: z.number().int(),
  remainingPence: z.number().int(), sortOrder: z.number().int(), updatedBy: z.string(), updatedAt: z.string(),
});
const Totals = { budgetPence: z.number().int(), spentPence: z.number().int(), remainingPence: z.number().int() };
const ReportSchema = z.object({
  year: z.string(),
  headings: z.array(z.object({ heading: z.string(), lines: z.array(LineSchema), ...Totals })),
  ...Totals,
});

const LineBody = z.object({
  heading: z.string().max(200), line: z.string().max(200), budgetPence: Pence, spentPence: Pence.default(0),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const runningCostRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/running-costs', {
    schema: {
      tags: ['running costs'],
      summary: 'The commissioning body’s running-cost budgets for a year: lines under headings, totals and spend (JSON, CSV or XLSX)',
      querystring: z.object({ year: Year, format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      response: { 200: ReportSchema, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    await authorise(db, request, 'budget.view');
    const report = await runningCosts(db, request.query.year);
    if (request.query.format !== 'json') return sendTable(reply, request.query.format, runningCostsTable(report));
    return report;
  });

  app.post('/api/running-costs', {
    schema: {
      tags: ['running costs'],
      summary: 'Add a running-cost line (audited)',
      body: LineBody.extend({ year: Year }),
      response: { 201: LineSchema, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage');
    return reply.status(201).send(await addRunningCostLine(db, user, request.body));
  });

  app.put('/api/running-costs/:id', {
    schema: {
      tags: ['running costs'],
      summary: 'Change a running-cost line: heading, name, budget, spend (audited)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: LineBody,
      response: { 200: LineSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage');
    return updateRunningCostLine(db, user, request.params.id, request.body);
  });

  app.delete('/api/running-costs/:id', {
    schema: {
      tags: ['running costs'],
      summary: 'Remove a running-cost line entered in error (audited)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { 204: z.null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage');
    await deleteRunningCostLine(db, user, request.params.id);
    return reply.status(204).send(null);
  });
};
