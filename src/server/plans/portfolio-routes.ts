/** Routes for the locality's project portfolio and benefits. (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const portfolioRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
