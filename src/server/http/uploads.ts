/** Helpers for routes that take a file as the raw request body (CSV imports). */

/**
 * Passes the body through, and fails once it passes `limit` bytes: a chunked upload has no
 * Content-Length to check up front.
 */
export async function* limitBytes(body: AsyncIterable<Buffer>, limit: number, tooLarge: () => Error): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) throw tooLarge();
    yield chunk;
  }
}

/** Just the name, without any folder or control characters a browser or script may have sent. */
export function cleanFileName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let name = raw;
  try { name = decodeURIComponent(raw); } catch { /* not percent-encoded */ }
  name = [...name.split(/[\\/]/).pop()!].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127).join('').trim().slice(0, 255);
  return name || undefined;
}
