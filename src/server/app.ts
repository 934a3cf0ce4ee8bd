/**
 * Builds the Fastify application from its dependencies. Nothing here reads the environment or
 * opens the database: main.ts (and the tests) pass those in.
 */
import fs from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { hospitalActivityRoutes } from './activity/routes.js';
import { budgetsRoutes } from './budgets/routes.js';
import { governanceRoutes } from './governance/routes.js';
import { plansRoutes } from './plans/routes.js';
import { insightRoutes } from './insight/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authContext } from './auth/context.js';
import { authRoutes } from './auth/routes.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { registerErrorHandlers, sendError } from './http/errors.js';
import { orgRoutes } from './org/routes.js';
import { referralRoutes } from './referrals/routes.js';
import { gatewayRoutes } from './referrals/gateway-routes.js';
import { bulkReferralRoutes } from './referrals/bulk-routes.js';
import { fhirRoutes } from './fhir/routes.js';
import { importRoutes } from './org/import-routes.js';
import { systemRoutes } from './system/routes.js';

export interface AppDeps {
  config: Config;
  database: Database;
  limiter?: LoginLimiter;
  /** pino options, or false to keep tests quiet. */
  logger?: boolean | object;
}

/** JSON bodies are small; CSV uploads have their own, larger limit on their routes. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const db = database.db;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandlers(app);

  // Security headers from helmet, its middleware built once: @fastify/helmet rebuilds it (parsing
  // the CSP again) on every request, a cost the referral front door measured.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Swagger UI at /api/docs is served with its own, equally strict, hashed policy.
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000 } : false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Commissioning Hub API', version: '1', description: 'Referral gateway, activity, budgets and plans for GP-led commissioning. Sign in with POST /api/auth/login (session cookie, send X-CSRF-Token on changes) or use a personal API token as `Authorization: Bearer hub_…`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'hub_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const limiter = deps.limiter ?? new LoginLimiter();
  await app.register(authContext, { db, config });
  await app.register(systemRoutes({ database }));
  await app.register(authRoutes({ db, config, limiter }));
  await app.register(orgRoutes({ db }));
  await app.register(importRoutes({ db }));
  await app.register(auditRoutes({ db }));
  await app.register(referralRoutes({ db }));
  await app.register(gatewayRoutes({ db }));
  await app.register(bulkReferralRoutes({ db }));
  await app.register(fhirRoutes({ db }));
  await app.register(hospitalActivityRoutes({ db }));
  await app.register(budgetsRoutes({ db }));
  await app.register(plansRoutes({ db }));
  await app.register(governanceRoutes({ db }));
  await app.register(insightRoutes({ db }));

  // The web app: static files, and index.html for any other page so client routes work on reload.
  if (fs.existsSync(config.webDist)) {
    await app.register(fastifyStatic, { root: config.webDist, wildcard: false, index: ['index.html'] });
    // A catch-all GET route, not a second not-found handler: registerErrorHandlers has set that
    // already, and Fastify refuses a second one for the same prefix (the server would not start).
    // Files and every other route are more specific than /*, so they still win.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      const isApi = /^\/(api|fhir)(\/|$)/.test(request.url);
      if (!isApi && request.headers.accept?.includes('text/html')) {
        return reply.sendFile('index.html');
      }
      return sendError(reply, 404, { error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, details: [] });
    });
  }
  return app;
}
