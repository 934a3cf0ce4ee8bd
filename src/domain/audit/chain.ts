/**
 * Hash chain of the audit log: each entry's hash covers its own fields and the previous
 * entry's hash, so changing, removing or inserting any entry breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth, so equal data always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(prevHash: string, entry: AuditFields): string {
  // Only the entry's own fields: the stored id and hashes are not part of what is signed.
  const { at, actor, action, entityType, entityId, outcome, details } = entry;
  const body = canonicalJson({ at: at.toISOString(), actor, action, entityType, entityId, outcome, details });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface StoredAuditEntry extends AuditFields { id: number; prevHash: string; hash: string }

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Walks entries in id order and reports the first one whose link or hash does not hold.
 * `startHash` lets a long log be checked a page at a time.
 */
export function verifyChain(entries: Iterable<StoredAuditEntry>, startHash = GENESIS_HASH): ChainCheck {
  let prev = startHash;
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.prevHash !== prev) return { ok: false, entries: count, brokenAt: e.id, reason: 'does not link to the entry before it (an entry was removed or inserted)' };
    if (auditHash(e.prevHash, e) !== e.hash) return { ok: false, entries: count, brokenAt: e.id, reason: 'its contents do not match its hash (the entry was changed)' };
    prev = e.hash;
  }
  return { ok: true, entries: count, lastHash: prev };
}
