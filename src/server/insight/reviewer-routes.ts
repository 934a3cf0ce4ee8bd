/** Routes for practices' feedback on reviewers' decisions and reviewers' revalidation evidence (REF-11). (Being written.) */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const reviewerEvidenceRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  void db;
  void app;
};
