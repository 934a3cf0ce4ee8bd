/**
 * Every error under /fhir is an OperationOutcome (http://hl7.org/fhir/R4/operationoutcome.html),
 * never the JSON API's `{ error, message, details }`: one issue per problem, naming the element in
 * `expression` (FHIRPath) where there is one.
 */
import type { FastifyError } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { IssueSeverity, IssueType, OperationOutcome, OperationOutcomeIssue } from './resources.js';
import type { FhirIssue } from './service-request.js';

export interface OutcomeIssue { code: IssueType; diagnostics: string; expression?: string[]; severity?: IssueSeverity }

export function operationOutcome(issues: OutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i): OperationOutcomeIssue => ({
      severity: i.severity ?? 'error',
      code: i.code,
      diagnostics: i.diagnostics,
      ...(i.expression?.length ? { expression: i.expression } : {}),
    })),
  };
}

/** An error a FHIR route answers with: the HTTP status and the OperationOutcome to send. */
export class FhirError extends Error {
  constructor(readonly statusCode: number, readonly outcome: OperationOutcome, readonly headers: Record<string, string> = {}) {
    super(outcome.issue.map((i) => i.diagnostics).join(' '));
  }

  static of(statusCode: number, code: IssueType, diagnostics: string, expression?: string) {
    return new FhirError(statusCode, operationOutcome([{ code, diagnostics, ...(expression ? { expression: [expression] } : {}) }]));
  }

  /** Problems with the resource sent: 400 when it is not a ServiceRequest at all, else 422. */
  static fromIssues(issues: FhirIssue[]) {
    const status = issues.some((i) => i.code === 'structure') ? 400 : 422;
    return new FhirError(status, operationOutcome(issues.map((i) => ({ code: i.code ?? 'invalid', diagnostics: i.message, expression: [i.expression] }))));
  }
}

const ISSUE_FOR_STATUS: Record<number, IssueType> = {
  400: 'invalid', 401: 'login', 403: 'forbidden', 404: 'not-found', 405: 'not-supported', 406: 'not-supported', 409: 'conflict',
  410: 'not-found', 412: 'conflict', 413: 'too-long', 415: 'not-supported', 422: 'invalid', 429: 'throttled',
};

const FASTIFY_MESSAGES: Record<string, { status: number; code: IssueType; text: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'structure', text: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'structure', text: 'The request body is empty but should be a FHIR resource in JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'structure', text: 'The request body does not match its Content-Length.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'too-long', text: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'not-supported', text: 'Send FHIR resources as JSON: Content-Type application/fhir+json (or application/json).' },
};

/**
 * Any error thrown on a FHIR route → status, headers and OperationOutcome. HttpErrors from the
 * shared services keep their status; their details (field paths) are turned into expressions by
 * `expressionFor` when the caller knows where the fields came from.
 */
export function outcomeForError(error: unknown, expressionFor: (field: string) => string = (f) => f): { statusCode: number; outcome: OperationOutcome; headers: Record<string, string>; internal: boolean } {
  if (error instanceof FhirError) return { statusCode: error.statusCode, outcome: error.outcome, headers: error.headers, internal: false };
  if (error instanceof HttpError) {
    const code: IssueType = error.code === 'csrf_failed' ? 'security' : ISSUE_FOR_STATUS[error.statusCode] ?? 'processing';
    const issues: OutcomeIssue[] = error.details.length && error.details.every((d) => d.field)
      ? error.details.map((d) => ({ code, diagnostics: d.message, expression: [expressionFor(d.field!)] }))
      : [{ code, diagnostics: error.message }];
    const headers = { ...error.headers };
    if (error.statusCode === 401) headers['www-authenticate'] ??= 'Bearer';
    return { statusCode: error.statusCode, outcome: operationOutcome(issues), headers, internal: false };
  }
  const e = error as Partial<FastifyError>;
  const known = e.code ? FASTIFY_MESSAGES[e.code] : undefined;
  if (known) return { statusCode: known.status, outcome: operationOutcome([{ code: known.code, diagnostics: known.text }]), headers: {}, internal: false };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { statusCode: status, outcome: operationOutcome([{ code: ISSUE_FOR_STATUS[status] ?? 'invalid', diagnostics: e.message || 'The request is not valid.' }]), headers: {}, internal: false };
  }
  return {
    statusCode: 500,
    outcome: operationOutcome([{ severity: 'fatal', code: 'exception', diagnostics: 'Something went wrong on our side. The error has been logged.' }]),
    headers: {},
    internal: true,
  };
}
