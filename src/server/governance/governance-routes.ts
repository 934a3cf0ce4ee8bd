/** Routes for bodies, members, meetings, delegation, declarations of interest, decisions and votes. (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const governanceBodyRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
