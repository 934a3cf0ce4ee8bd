/** Routes for signatories, signing, the incentive trigger and the plan PDF. (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const signOffRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
