/**
 * Appends to and verifies the tamper-evident audit log. Every view of patient-identifiable
 * data, every sign-in and every denied access is recorded here.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { auditHash, GENESIS_HASH, verifyChain, type AuditFields, type ChainCheck, type StoredAuditEntry } from '../../domain/audit/chain.js';

export interface AuditEvent {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  outcome?: AuditFields['outcome'];
  details?: Record<string, unknown>;
}

const AUDIT_LOCK = 727_002;

/** Appends one entry. Pass the caller's transaction when inside one, so both commit together. */
export async function recordAudit(db: Db | Tx, event: AuditEvent): Promise<void> {
  if (db.isTransaction) return append(db as Tx, event);
  return db.transaction().execute((tx) => append(tx, event));
}

async function append(tx: Tx, event: AuditEvent) {
  // Entries are chained, so appends are serialised: the lock is held until the transaction ends.
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: AuditFields = {
    at: new Date(),
    actor: event.actor,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    outcome: event.outcome ?? 'ok',
    details: event.details ?? {},
  };
  await tx.insertInto('audit_log').values({
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    entity_type: fields.entityType,
    entity_id: fields.entityId,
    outcome: fields.outcome,
    details: JSON.stringify(fields.details),
    prev_hash: prevHash,
    hash: auditHash(prevHash, fields),
  }).execute();
}

/** Re-computes the whole chain, a page at a time so memory stays flat. */
export async function verifyAuditLog(db: Db, pageSize = 5000): Promise<ChainCheck> {
  let checked = 0;
  let lastHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
    const page: StoredAuditEntry[] = rows.map((r) => ({
      id: r.id, at: r.at, actor: r.actor, action: r.action, entityType: r.entity_type, entityId: r.entity_id,
      outcome: r.outcome, details: r.details, prevHash: r.prev_hash, hash: r.hash,
    }));
    const check = verifyChain(page, lastHash);
    if (!check.ok) return { ...check, entries: checked + check.entries };
    checked += check.entries;
    lastHash = check.lastHash;
    if (rows.length < pageSize) return { ok: true, entries: checked, lastHash };
    after = rows[rows.length - 1]!.id;
  }
}
