/** Liveness and which database engine is in use. */
import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';

export const systemRoutes = ({ database }: { database: Database }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/health', {
    schema: {
      tags: ['system'], summary: 'Health check', security: [],
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }), 503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgres']) }) },
    },
  }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok' as const, database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable' as const, database: database.kind });
    }
  });
};
