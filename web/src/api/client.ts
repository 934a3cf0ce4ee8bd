/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie,
 * JSON in and out, the CSRF token on every change, and one error type for every failure.
 */
import type { ErrorBody, ErrorDetail } from './types.js';

export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly details: ErrorDetail[];
  /** The whole JSON body, for errors that carry more (an import's report). */
  readonly body: unknown;

  constructor(status: number, body: Partial<ErrorBody> & Record<string, unknown>) {
    super(body.message ?? 'Something went wrong.');
    this.name = 'ApiError';
    this.status = status;
    this.error = body.error ?? 'error';
    this.details = Array.isArray(body.details) ? body.details : [];
    this.body = body;
  }
}

export const NETWORK_ERROR_MESSAGE = 'Commissioning Hub could not be reached. Check your connection and try again.';

let csrfToken: string | null = null;

/** Remembered from sign-in and /api/me; sent as X-CSRF-Token on every non-GET request. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Turns a non-2xx response into an ApiError, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: fall through to a generic message
  }
  if (typeof body.message !== 'string') {
    body = { ...body, message: genericMessage(response.status) };
  }
  return new ApiError(response.status, body);
}

export function genericMessage(status: number): string {
  if (status === 401) return 'Sign in to continue.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'The page or record was not found.';
  if (status === 413) return 'The file is too large.';
  if (status >= 500) return 'Something went wrong on our side. Try again later.';
  return 'The request could not be completed.';
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, extraHeaders?: Record<string, string>): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { error: 'network_error', message: NETWORK_ERROR_MESSAGE, details: [] });
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body ?? {}, undefined, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
