/** Routes for the plan template, plans, sections, live figures, versions and comparison. (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const planDocumentRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
