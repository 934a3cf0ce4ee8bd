/**
 * Insight's routes, one plugin for app.ts (REF-8, REF-10, REF-11, INFO-1, INFO-2): measures and
 * groupings, A&E audit sheets, reviewers' evidence and practices' feedback.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { aeAuditRoutes } from './ae-audit-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { feedbackPackRoutes } from './feedback-pack-routes.js';
import { groupingRoutes } from './grouping-routes.js';
import { measureRoutes } from './measure-routes.js';
import { reviewerEvidenceRoutes } from './reviewer-routes.js';

export const insightRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(measureRoutes({ db }));
  await app.register(groupingRoutes({ db }));
  await app.register(aeAuditRoutes({ db }));
  await app.register(reviewerEvidenceRoutes({ db }));
  await app.register(dashboardRoutes({ db }));
  await app.register(feedbackPackRoutes({ db }));
};
