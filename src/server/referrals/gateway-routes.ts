/**
 * The referral gateway's routes beyond the core (routes.ts): worklists, the catalogue (pathways,
 * community services, prior approval), practice notifications, attachments and the letter PDF.
 * One plugin for app.ts to register; each part keeps its own encapsulated scope (the attachment
 * parsers and error mapping apply to attachment routes only).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { attachmentRoutes } from './attachment-routes.js';
import { catalogueRoutes } from './catalogue-routes.js';
import { letterRoutes } from './letter-routes.js';
import { notificationRoutes } from './notification-routes.js';
import { worklistRoutes } from './worklist-routes.js';

export const gatewayRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  await app.register(worklistRoutes({ db }));
  await app.register(catalogueRoutes({ db }));
  await app.register(notificationRoutes({ db }));
  await app.register(attachmentRoutes({ db }));
  await app.register(letterRoutes({ db }));
};
