/** The audit log for administrators: recent entries, and a check of the hash chain. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { verifyAuditLog } from './audit-log.js';

const Entry = z.object({
  id: z.number(), at: z.string(), actor: z.string(), action: z.string(), entityType: z.string(), entityId: z.string(),
  outcome: z.enum(['ok', 'denied', 'failed']), details: z.record(z.string(), z.unknown()),
});

export const auditRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: 'Recent audit entries, newest first',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().optional() }),
      response: { 200: z.array(Entry) },
    },
  }, async (request) => {
    await authorise(db, request, 'audit.read');
    const { limit, before } = request.query;
    const rows = await db.selectFrom('audit_log').selectAll()
      .$if(before !== undefined, (q) => q.where('id', '<', before!))
      .orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, entityType: r.entity_type, entityId: r.entity_id, outcome: r.outcome, details: r.details }));
  });

  app.get('/api/audit/verify', {
    schema: {
      tags: ['audit'], summary: 'Re-compute the hash chain of the whole audit log',
      response: { 200: z.object({ ok: z.boolean(), entries: z.number(), brokenAt: z.number().optional(), reason: z.string().optional() }) },
    },
  }, async (request) => {
    await authorise(db, request, 'audit.read');
    const check = await verifyAuditLog(db);
    return check.ok ? { ok: true, entries: check.entries } : check;
  });
};
