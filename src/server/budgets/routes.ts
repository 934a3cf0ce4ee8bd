/**
 * Budgets' routes, one plugin for app.ts: weighted capitation and fair shares, budget setting and
 * monitoring, allowances and DES invoices, running costs. (weights.csv goes through /api/imports/weights.)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { allowanceRoutes } from './allowance-routes.js';
import { budgetRoutes } from './budget-routes.js';
import { capitationRoutes } from './capitation-routes.js';
import { desRoutes } from './des-routes.js';
import { runningCostRoutes } from './running-cost-routes.js';

export const budgetsRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(capitationRoutes({ db }));
  await app.register(budgetRoutes({ db }));
  await app.register(allowanceRoutes({ db }));
  await app.register(desRoutes({ db }));
  await app.register(runningCostRoutes({ db }));
};
