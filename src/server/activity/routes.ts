/**
 * Hospital activity's routes, one plugin for app.ts: monitoring and drill-down, contracts,
 * challenges, and referral matching with case finding. (Imports of tariff.csv and activity.csv
 * go through the shared /api/imports/:kind.)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { challengeRoutes } from './challenge-routes.js';
import { contractRoutes } from './contract-routes.js';
import { matchingRoutes } from './matching-routes.js';
import { activityRoutes } from './monitoring-routes.js';

export const hospitalActivityRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(activityRoutes({ db }));
  await app.register(contractRoutes({ db }));
  await app.register(challengeRoutes({ db }));
  await app.register(matchingRoutes({ db }));
};
