/** The referral letter as a PDF, for whoever may see the referral; each one is an audited view. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { pathwayQuestions, type PathwayCriterion } from '../../domain/referrals/pathway.js';
import { recordAudit } from '../audit/audit-log.js';
import { requireUser } from '../auth/context.js';
import { notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { contentDisposition } from './attachment-routes.js';
import { viewableReferral } from './attachments.js';
import { letterFileName, renderReferralLetter } from './letter.js';
import { loadReferralView } from './view.js';

export const letterRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/referrals/:id/letter.pdf', {
    schema: {
      tags: ['referrals'],
      summary: 'The referral letter as an A4 PDF (whoever may see the referral; audited as a view)',
      produces: ['application/pdf'],
      params: z.object({ id: z.string().max(40) }),
      response: { 200: z.any().describe('the PDF'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const audit = { action: 'referral.view', details: { as: 'letter.pdf' } };
    const { id } = await viewableReferral(db, user, request.params.id, audit);
    const view = await loadReferralView(db, id);
    if (!view) throw notFound('The referral');
    const pathway = view.pathwayCode ? await db.selectFrom('pathway').select('criteria').where('code', '=', view.pathwayCode).executeTakeFirst() : undefined;
    const questions = pathway ? pathwayQuestions(pathway.criteria as PathwayCriterion[]) : [];
    const pdf = await renderReferralLetter(view, { questions });
    await recordAudit(db, { actor: user.username, action: audit.action, entityType: 'referral', entityId: id, details: audit.details });
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('inline', letterFileName(view)))
      .header('cache-control', 'no-store')
      .send(pdf);
  });
};
