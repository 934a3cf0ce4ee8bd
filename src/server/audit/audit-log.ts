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

/**
 * Appends one entry. Inside a transaction, pass it: the entry commits (or rolls back) with the
 * work it records. Outside one, entries from concurrent requests are written together in one
 * short transaction (group commit), so the chain's lock is taken once per batch, not per entry;
 * the promise resolves once the entry is durable.
 */
export async function recordAudit(db: Db | Tx, event: AuditEvent): Promise<void> {
  if (db.isTransaction) return append(db as Tx, [fieldsOf(event)]);
  return writerFor(db).write(fieldsOf(event));
}

const fieldsOf = (event: AuditEvent): AuditFields => ({
  at: new Date(),
  actor: event.actor,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  outcome: event.outcome ?? 'ok',
  details: event.details ?? {},
});

async function append(tx: Tx, entries: AuditFields[]) {
  // Entries are chained, so appends are serialised: the lock is held until the transaction ends.
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = entries.map((fields) => {
    const hash = auditHash(prevHash, fields);
    const row = {
      at: fields.at, actor: fields.actor, action: fields.action, entity_type: fields.entityType, entity_id: fields.entityId,
      outcome: fields.outcome, details: JSON.stringify(fields.details), prev_hash: prevHash, hash,
    };
    prevHash = hash;
    return row;
  });
  await tx.insertInto('audit_log').values(rows).execute();
}

/** Collects entries while a batch is being written, then writes them all in the next one. */
class GroupCommitWriter {
  private queue: { fields: AuditFields; done: (error?: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  write(fields: AuditFields): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ fields, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.db.transaction().execute((tx) => append(tx, batch.map((b) => b.fields)));
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error);
      }
    }
    this.flushing = false;
  }
}

const writers = new WeakMap<Db, GroupCommitWriter>();
function writerFor(db: Db): GroupCommitWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new GroupCommitWriter(db)));
  return writer;
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
