/** Organisation pages' API: groups, practices, providers and registered populations. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { AGE_BANDS } from '../../domain/population/age-bands.js';
import { notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { authorise } from '../auth/context.js';
import { findPractice, listGroups, listPractices, listProviders, populationPyramid } from './queries.js';

const Practice = z.object({
  code: z.string(), name: z.string(), postcode: z.string(), commissionerCode: z.string(),
  groupCode: z.string(), groupName: z.string(), listSize: z.number().int(), listSizePeriod: z.string().nullable(),
});
const Group = z.object({
  code: z.string(), name: z.string(), kind: z.string(), commissionerCode: z.string(), commissionerName: z.string(),
  practices: z.number().int(), listSize: z.number().int(),
});
const Provider = z.object({ code: z.string(), name: z.string(), kind: z.string(), mff: z.number() });
const Pyramid = z.object({
  period: z.string().nullable(),
  periods: z.array(z.string()),
  bands: z.array(z.object({ ageBand: z.enum(AGE_BANDS), male: z.number().int(), female: z.number().int() })),
});

export const orgRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/groups', {
    schema: { tags: ['organisations'], summary: 'Localities, consortia and federations with practice counts and list sizes', response: { 200: z.array(Group) } },
  }, async (request) => {
    const user = await authorise(db, request, 'org.read');
    return listGroups(db, practiceScope(user));
  });

  app.get('/api/practices', {
    schema: { tags: ['organisations'], summary: 'Practices with their group and latest list size', response: { 200: z.array(Practice) } },
  }, async (request) => {
    const user = await authorise(db, request, 'org.read');
    return listPractices(db, practiceScope(user));
  });

  app.get('/api/practices/:code', {
    schema: {
      tags: ['organisations'], summary: 'One practice',
      params: z.object({ code: z.string().max(10) }), response: { 200: Practice, 404: ErrorBody },
    },
  }, async (request) => {
    const code = request.params.code.toUpperCase();
    await authorise(db, request, 'org.read', { practiceCode: code, type: 'practice', id: code });
    const practice = await findPractice(db, code);
    if (!practice) throw notFound(`Practice ${code}`);
    return practice;
  });

  app.get('/api/practices/:code/population', {
    schema: {
      tags: ['organisations'], summary: 'Registered population of one practice by sex and five-year age band',
      params: z.object({ code: z.string().max(10) }), querystring: z.object({ period: z.iso.date().optional() }),
      response: { 200: Pyramid, 404: ErrorBody },
    },
  }, async (request) => {
    const code = request.params.code.toUpperCase();
    await authorise(db, request, 'org.read', { practiceCode: code, type: 'practice', id: code });
    if (!(await findPractice(db, code))) throw notFound(`Practice ${code}`);
    return populationPyramid(db, code, request.query.period);
  });

  app.get('/api/population', {
    schema: {
      tags: ['organisations'], summary: 'Registered population of the whole commissioner (or a practice user’s own practice)',
      querystring: z.object({ period: z.iso.date().optional() }), response: { 200: Pyramid },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'org.read');
    return populationPyramid(db, practiceScope(user), request.query.period);
  });

  app.get('/api/providers', {
    schema: { tags: ['organisations'], summary: 'Providers with their kind and market forces factor', response: { 200: z.array(Provider) } },
  }, async (request) => {
    await authorise(db, request, 'org.read');
    return listProviders(db);
  });
};
