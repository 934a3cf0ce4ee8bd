/**
 * The sealed NHS number behind a pseudonym (ACT-7 case finding): kept so that a practice can see
 * which of ITS OWN patients a list is about, and nobody else can. Sealed with AES-256-GCM under a
 * key derived (HKDF-SHA-256) from the installation's secret; opening one is the caller's decision
 * (see case-finding.ts: own practice only, audited).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/database.js';
import { pseudonymSecret } from '../referrals/service.js';

const keys = new WeakMap<object, Promise<Buffer>>();

/** The sealing key for this database's installation secret. */
export function identityKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = pseudonymSecret(db).then((secret) => Buffer.from(hkdfSync('sha256', secret, 'commissioning-hub', 'patient-identity', 32)));
    keys.set(db, key);
  }
  return key;
}

/** iv.tag.ciphertext, base64url: 12 + 16 + 10 bytes for an NHS number. */
export function seal(key: Buffer, nhsNumber: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(nhsNumber, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

/** Records (or moves to a new practice) the patients behind a batch of lines; one row per pseudonym. */
export async function rememberIdentities(tx: Tx, rows: readonly { patientPseudo: string; practiceCode: string; sealed: string }[]) {
  const latest = new Map(rows.map((r) => [r.patientPseudo, r]));
  if (!latest.size) return;
  await tx.insertInto('patient_identity')
    .values([...latest.values()].map((r) => ({ patient_pseudo: r.patientPseudo, practice_code: r.practiceCode, nhs_number_sealed: r.sealed })))
    .onConflict((oc) => oc.column('patient_pseudo').doUpdateSet((eb) => ({
      practice_code: eb.ref('excluded.practice_code'), nhs_number_sealed: eb.ref('excluded.nhs_number_sealed'), updated_at: new Date(),
    })).where('patient_identity.practice_code', '<>', (eb) => eb.ref('excluded.practice_code')))
    .execute();
}
