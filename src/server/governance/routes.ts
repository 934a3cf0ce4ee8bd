/** Governance's routes, one plugin for app.ts (ORG-3 to ORG-6). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { governanceBodyRoutes } from './governance-routes.js';

export const governanceRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(governanceBodyRoutes({ db }));
};
