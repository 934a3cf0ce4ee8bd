/**
 * Plans' routes, one plugin for app.ts (PLAN-1 to PLAN-6): the plan document and its template,
 * versions and sign-off, business cases, milestones and responsibilities, the project portfolio.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { businessCaseRoutes } from './case-routes.js';
import { planDocumentRoutes } from './plan-routes.js';
import { portfolioRoutes } from './portfolio-routes.js';
import { signOffRoutes } from './signoff-routes.js';

export const plansRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(planDocumentRoutes({ db }));
  await app.register(signOffRoutes({ db }));
  await app.register(businessCaseRoutes({ db }));
  await app.register(portfolioRoutes({ db }));
};
