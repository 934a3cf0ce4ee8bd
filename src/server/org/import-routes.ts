/** Placeholder replaced by the import pipeline (POST /api/imports/:kind). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';

export const importRoutes = (_deps: { db: Db }): FastifyPluginAsyncZod => async () => {};
