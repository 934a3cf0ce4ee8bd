/**
 * Dashboards (INFO-1) and the board pack (INFO-2) through HTTP.
 *
 * - GET /api/insight/dashboard/practice/:code, /group/:code and /commissioner: one JSON per level,
 *   its tiles gathered in parallel. insight.view; a practice user sees only its own practice's
 *   (another practice: 404, audited) and no group's or the commissioner's (403, audited).
 * - GET /api/insight/board-pack?month=YYYY-MM (JSON preview) and /api/insight/board-pack.pdf: the
 *   pack shows budgets, contracts, plans and decisions, so the caller must hold every one of
 *   budget.view, contract.read, plan.read and governance.read (board members, the commissioner,
 *   finance and administrators); each look is audited.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { lastWholeMonth } from '../../domain/insight-dashboard/tiles.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import { contentDisposition } from '../referrals/attachment-routes.js';
import { forbidden } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { londonToday } from '../plans/milestones.js';
import { boardMonth, boardPack, boardPackFileName } from './board-pack.js';
import { renderBoardPackPdf } from './board-pack-pdf.js';
import { dashboard, dashboardSubject, DASHBOARD_LEVELS, TILE_KEYS, type DashboardLevel } from './dashboard.js';

const Year = z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year written like 2026/27')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'must be two consecutive years, like 2026/27');
const Status = z.enum(['green', 'amber', 'red', 'neutral']);

const TileSchema = z.object({
  key: z.enum(TILE_KEYS),
  title: z.string(),
  status: Status,
  statusLabel: z.string().describe('the status in words: On track, Watch, Needs attention, For information'),
  headline: z.string(),
  sentence: z.string(),
  figures: z.array(z.object({ label: z.string(), value: z.string() })),
  chart: z.object({
    kind: z.enum(['money', 'count']).describe('money: values in pence'),
    valueLabel: z.string(),
    compareLabel: z.string().nullable(),
    points: z.array(z.object({ label: z.string(), value: z.number(), compare: z.number().nullable() })),
  }).nullable(),
  link: z.object({ href: z.string(), text: z.string() }),
});
const Level = z.enum(DASHBOARD_LEVELS);
const DashboardSchema = z.object({
  level: Level,
  code: z.string(),
  name: z.string(),
  parent: z.object({ level: Level, code: z.string(), name: z.string() }).nullable(),
  year: z.string(),
  today: z.string(),
  tiles: z.array(TileSchema),
});

const Rag = z.enum(['green', 'amber', 'red']);
const MoneyRow = z.object({
  code: z.string(), name: z.string(), yearPlanPence: z.number().int(), ytdPlanPence: z.number().int(), ytdActualPence: z.number().int(),
  variancePence: z.number().int(), variancePercent: z.number().nullable(), rag: Rag, forecastPence: z.number().int().nullable(),
});
const BoardPackSchema = z.object({
  month: z.object({ month: z.string(), label: z.string(), from: z.string(), until: z.string(), to: z.string(), year: z.string(), yearMonth: z.number().int() }),
  generatedAt: z.string(),
  asAt: z.string(),
  finance: z.object({ year: z.string(), period: z.string().nullable(), published: z.boolean(), groups: z.array(MoneyRow), serviceLines: z.array(MoneyRow), total: MoneyRow }),
  activity: z.object({ period: z.string().nullable(), providers: z.array(MoneyRow), total: MoneyRow, topVariances: z.array(MoneyRow.extend({ providerName: z.string() })) }),
  referrals: z.object({
    received: z.number().int(),
    byPriority: z.array(z.object({ priority: z.string(), label: z.string(), count: z.number().int() })),
    decisions: z.number().int(),
    outcomes: z.array(z.object({ outcome: z.string(), label: z.string(), count: z.number().int(), share: z.number().nullable(), percent: z.number() })),
    turnaround: z.object({ medianWorkingDays: z.number().nullable(), p90WorkingDays: z.number().nullable(), withinServiceLevel: z.number().int(), withinPercent: z.number().nullable(), serviceLevelDays: z.number().int() }),
    clock: z.string(),
  }),
  milestones: z.object({
    summary: z.object({ total: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int(), delivered: z.number().int() }),
    rows: z.array(z.object({ planTitle: z.string(), groupName: z.string(), dueOn: z.string(), deliverable: z.string(), owner: z.string(), statusLabel: z.string(), overdue: z.boolean(), state: z.string() })),
  }),
  decisions: z.array(z.object({
    id: z.number().int(), decidedOn: z.string(), bodyName: z.string(), title: z.string(), outcomeLabel: z.string(), tallyText: z.string(),
    interests: z.array(z.string()), recusals: z.array(z.string()),
  })),
});

const BoardQuery = z.object({ month: z.string().optional().describe('YYYY-MM; default: the last whole month') });

export const dashboardRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  /** The caller, once they may see this level's dashboard. */
  const allowed = async (request: Parameters<typeof authorise>[1], level: DashboardLevel, code: string | undefined) => {
    if (level === 'practice') return authorise(db, request, 'insight.view', { practiceCode: code ?? '', type: 'dashboard', id: `practice ${code}` });
    const user = await authorise(db, request, 'insight.view');
    if (user.role === 'practice') {
      await recordAudit(db, { actor: user.username, action: 'insight.view', entityType: 'dashboard', entityId: `${level} ${code ?? ''}`.trim(), outcome: 'denied', details: { method: request.method, url: request.url } });
      throw forbidden('A practice sees its own practice’s dashboard only.');
    }
    return user;
  };
  const responses = { 200: DashboardSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
  const yearQuery = z.object({ year: Year.optional().describe('financial year; default: the current one') });

  app.get('/api/insight/dashboard/practice/:code', {
    schema: {
      tags: ['insight'], summary: 'A practice’s dashboard: budget, activity, referrals and triage, challenges, milestones (INFO-1)',
      description: 'A practice user may see only its own practice (another answers 404, audited). Tiles appear as the caller’s permissions allow.',
      params: z.object({ code: z.string().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001') }), querystring: yearQuery, response: responses,
    },
  }, async (request) => {
    const user = await allowed(request, 'practice', request.params.code);
    return dashboard(db, user, await dashboardSubject(db, 'practice', request.params.code), { year: request.query.year });
  });

  app.get('/api/insight/dashboard/group/:code', {
    schema: {
      tags: ['insight'], summary: 'A group’s dashboard, with its change alerts (INFO-1)',
      description: 'Not for practice users (403).', params: z.object({ code: z.string().trim().min(1).max(20) }), querystring: yearQuery, response: responses,
    },
  }, async (request) => {
    const user = await allowed(request, 'group', request.params.code);
    return dashboard(db, user, await dashboardSubject(db, 'group', request.params.code), { year: request.query.year });
  });

  app.get('/api/insight/dashboard/commissioner', {
    schema: {
      tags: ['insight'], summary: 'The commissioner’s dashboard: contracts against plan, every practice’s budgets and referrals, alerts (INFO-1)',
      description: 'Not for practice users (403). `code` is needed only when there is more than one commissioner.',
      querystring: yearQuery.extend({ code: z.string().trim().min(1).max(10).optional() }), response: responses,
    },
  }, async (request) => {
    const user = await allowed(request, 'commissioner', request.query.code);
    return dashboard(db, user, await dashboardSubject(db, 'commissioner', request.query.code), { year: request.query.year });
  });

  /** The board pack's month, once the caller may read everything in it. */
  const pack = async (request: Parameters<typeof authorise>[1], month: string | undefined, format: 'json' | 'pdf') => {
    let user = await authorise(db, request, 'budget.view', { type: 'board_pack', id: month ?? '' });
    for (const action of ['contract.read', 'plan.read', 'governance.read'] as const) user = await authorise(db, request, action, { type: 'board_pack', id: month ?? '' });
    const m = boardMonth(month ?? lastWholeMonth(londonToday()));
    const result = await boardPack(db, m);
    await recordAudit(db, { actor: user.username, action: 'board_pack.view', entityType: 'board_pack', entityId: m.month, details: { format } });
    return result;
  };

  app.get('/api/insight/board-pack', {
    schema: {
      tags: ['insight'], summary: 'The board pack for a month, as JSON: the preview of the PDF (INFO-2)',
      description: 'Finance, activity against contract plan, referrals, plan milestones and the month’s decisions. Board members, the commissioner and finance (audited).',
      querystring: BoardQuery, response: { 200: BoardPackSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => pack(request, request.query.month, 'json'));

  app.get('/api/insight/board-pack.pdf', {
    schema: {
      tags: ['insight'], summary: 'The board pack for a month as an A4 PDF for printing (INFO-2)',
      produces: ['application/pdf'],
      querystring: BoardQuery, response: { 200: z.any().describe('the PDF'), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const result = await pack(request, request.query.month, 'pdf');
    const pdf = await renderBoardPackPdf(result);
    return reply.type('application/pdf').header('content-disposition', contentDisposition('attachment', boardPackFileName(result.month)))
      .header('cache-control', 'no-store').send(pdf);
  });
};
