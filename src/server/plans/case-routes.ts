/** Routes for business cases and their financial model, approvals, milestones, roles and responsibilities. (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const businessCaseRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
