/** Practice view (issue 3, item 8): the outcomes of a practice's referrals, as in-app notifications. */
import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';

const Notification = z.object({
  id: z.number().int(), at: z.string(), message: z.string(), referralId: z.string().nullable(), read: z.boolean(), readAt: z.string().nullable(),
});

const json = (n: { id: number; at: Date; message: string; referral_id: string | null; read_at: Date | null }) =>
  ({ id: n.id, at: n.at.toISOString(), message: n.message, referralId: n.referral_id, read: n.read_at !== null, readAt: n.read_at?.toISOString() ?? null });

export const notificationRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // Notifications belong to a practice: only practice users (the role that sends referrals) have them.
  app.get('/api/notifications', {
    schema: {
      tags: ['referrals'], summary: 'Your practice’s notifications of referral outcomes, newest first, with the unread count',
      querystring: z.object({
        unread: z.enum(['true', 'false']).optional().describe('true: only those not yet read'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ unread: z.number().int(), notifications: z.array(Notification) }), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'referral.submit');
    const practice = user.practiceCode ?? '';
    let q = db.selectFrom('notification').select(['id', 'at', 'message', 'referral_id', 'read_at'])
      .select(sql<number>`count(*) filter (where read_at is null) over ()`.as('unread_total'))
      .where('practice_code', '=', practice);
    if (request.query.unread === 'true') q = q.where('read_at', 'is', null);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(request.query.limit).execute();
    // The window count covers the whole practice, not just the page; an empty page has none to read.
    const unread = rows.length ? Number(rows[0]!.unread_total) : 0;
    return { unread, notifications: rows.map(json) };
  });

  app.post('/api/notifications/:id/read', {
    schema: {
      tags: ['referrals'], summary: 'Mark one of your practice’s notifications as read',
      params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
      response: { 200: Notification, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'referral.submit');
    // Another practice's notification is "not found": its existence is not revealed.
    const row = await db.updateTable('notification')
      .set({ read_at: sql<Date>`coalesce(read_at, now())` })
      .where('id', '=', request.params.id).where('practice_code', '=', user.practiceCode ?? '')
      .returning(['id', 'at', 'message', 'referral_id', 'read_at']).executeTakeFirst();
    if (!row) throw notFound('The notification');
    return json(row);
  });
};
