/**
 * Attachments (REF-2): PDF and images with a referral. The declared type must be one of three
 * and the bytes must really be that type (their signature, not the file name or the header, is
 * believed); size is limited by the route. Each upload is a referral event and audited, and each
 * download is a view of identifiable data, audited like any other.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Largest file accepted, in bytes. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_MB = ATTACHMENT_MAX_BYTES / 1024 / 1024;
/** A referral carries at most this many files. */
export const ATTACHMENTS_PER_REFERRAL = 20;

const TYPE_NAMES: Record<AttachmentType, string> = { 'application/pdf': 'a PDF', 'image/png': 'a PNG image', 'image/jpeg': 'a JPEG image' };

/** File signatures ("magic bytes"): the ones accepted, and a few common ones named in refusals. */
const SIGNATURES: { bytes: number[]; type: AttachmentType | null; name: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: 'application/pdf', name: 'a PDF' }, // %PDF-
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: 'image/png', name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], type: 'image/jpeg', name: 'a JPEG image' },
  { bytes: [0x4d, 0x5a], type: null, name: 'a Windows program (it starts with MZ)' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], type: null, name: 'a Linux program (ELF)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], type: null, name: 'a ZIP archive or Office document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], type: null, name: 'an old-style Office document' },
  { bytes: [0x47, 0x49, 0x46, 0x38], type: null, name: 'a GIF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], type: null, name: 'a RIFF file (e.g. WebP or WAV)' },
  { bytes: [0x3c, 0x3f, 0x78, 0x6d, 0x6c], type: null, name: 'an XML or SVG file' },
];

/** What the bytes really are, by their signature. */
export function sniff(bytes: Uint8Array): { type: AttachmentType | null; name: string } {
  const hit = SIGNATURES.find((s) => s.bytes.length <= bytes.length && s.bytes.every((b, i) => bytes[i] === b));
  return hit ? { type: hit.type, name: hit.name } : { type: null, name: 'a file of an unrecognised type' };
}

const refused = (status: number, code: string, message: string) => new HttpError(status, code, message, [{ field: 'attachment', message }]);

/**
 * Checks an upload; returns the type to store or throws naming the `attachment` field:
 * 415 for a declared type that is not accepted, 422 for bytes that are not what they claim.
 */
export function checkAttachment(declared: string | undefined, body: unknown): { type: AttachmentType; bytes: Buffer } {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
    throw refused(415, 'unsupported_media_type', `Only PDF, PNG and JPEG files can be attached; this was sent as ${type || 'no content type'}.`);
  }
  if (!Buffer.isBuffer(body) || body.length === 0) throw refused(422, 'invalid_attachment', 'The file is empty: send the file itself as the request body.');
  if (body.length > ATTACHMENT_MAX_BYTES) throw tooLarge();
  const real = sniff(body);
  if (real.type !== type) {
    throw refused(422, 'invalid_attachment', `The file was sent as ${TYPE_NAMES[type as AttachmentType]} (${type}) but its contents are ${real.name}. Only real PDF, PNG and JPEG files can be attached.`);
  }
  return { type: real.type, bytes: body };
}

export const tooLarge = () => refused(413, 'file_too_large', `The attachment is larger than ${ATTACHMENT_MAX_MB} MB. Reduce its size (for example, scan at a lower resolution) and try again.`);

/** Just the name, without any folder, control characters or quotes a client may have sent. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  if (!raw) return fallback;
  let name = raw;
  try { name = decodeURIComponent(raw); } catch { /* not percent-encoded */ }
  name = [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127 && c !== '"').join('').trim().slice(0, 200);
  return name || fallback;
}

const DEFAULT_NAMES: Record<AttachmentType, string> = { 'application/pdf': 'attachment.pdf', 'image/png': 'image.png', 'image/jpeg': 'image.jpg' };

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * The referral's owner and status, when this user may see it; otherwise the refusal is audited
 * and thrown: 404 to a practice user (another practice's referral is not revealed), 403 to a
 * role that does not see identifiable data.
 */
export async function viewableReferral(db: Db, user: AuthenticatedUser, id: string, audit: { action: string; details?: Record<string, unknown> }) {
  const row = isUuid(id)
    ? await db.selectFrom('referral').select(['id', 'practice_code', 'status', 'reference']).where('id', '=', sql<string>`${id}::uuid`).executeTakeFirst()
    : undefined;
  if (!row || !can(user, 'patient.view', { practiceCode: row.practice_code })) {
    await recordAudit(db, { actor: user.username, action: audit.action, entityType: 'referral', entityId: id, outcome: 'denied', details: audit.details ?? {} });
    throw row && user.role !== 'practice' ? forbidden('Your role does not show patient-identifiable referrals.') : notFound('The referral');
  }
  return row;
}

export interface AttachmentSummary { id: string; fileName: string; contentType: AttachmentType; sizeBytes: number; sha256: string; uploadedBy: string; uploadedAt: string }

/** Stores a checked file with the referral: only its own practice or a GP reviewer may add one. */
export async function addAttachment(db: Db, user: AuthenticatedUser, referralId: string, upload: { contentType: string | undefined; body: unknown; fileName: string | undefined }): Promise<AttachmentSummary> {
  const referral = await viewableReferral(db, user, referralId, { action: 'referral.attach' });
  if (!can(user, 'referral.submit', { practiceCode: referral.practice_code }) && !can(user, 'referral.triage')) {
    await recordAudit(db, { actor: user.username, action: 'referral.attach', entityType: 'referral', entityId: referral.id, outcome: 'denied' });
    throw forbidden('Only the referring practice or a GP reviewer can add attachments.');
  }
  const { type, bytes } = checkAttachment(upload.contentType, upload.body);
  const fileName = cleanFileName(upload.fileName, DEFAULT_NAMES[type]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const saved = await db.transaction().execute(async (tx) => {
    // Serialise uploads to one referral, so the count below cannot be raced past.
    await tx.selectFrom('referral').select('id').where('id', '=', referral.id).forUpdate().executeTakeFirstOrThrow();
    const { n } = await tx.selectFrom('referral_attachment').select((eb) => eb.fn.countAll<number>().as('n')).where('referral_id', '=', referral.id).executeTakeFirstOrThrow();
    if (Number(n) >= ATTACHMENTS_PER_REFERRAL) {
      throw refused(409, 'too_many_attachments', `This referral already has ${ATTACHMENTS_PER_REFERRAL} attachments, the most it can carry.`);
    }
    const row = await tx.insertInto('referral_attachment').values({
      referral_id: referral.id, file_name: fileName, content_type: type, size_bytes: bytes.length, sha256, content: bytes, uploaded_by: user.username,
    }).returning(['id', 'uploaded_at']).executeTakeFirstOrThrow();
    const details = { attachmentId: row.id, fileName, contentType: type, sizeBytes: bytes.length, sha256 };
    await tx.insertInto('referral_event').values({
      referral_id: referral.id, actor: user.username, action: 'attach', from_status: referral.status, to_status: referral.status, reason: null, details: JSON.stringify(details),
    }).execute();
    await recordAudit(tx, { actor: user.username, action: 'referral.attach', entityType: 'referral', entityId: referral.id, details });
    return row;
  });
  return { id: saved.id, fileName, contentType: type, sizeBytes: bytes.length, sha256, uploadedBy: user.username, uploadedAt: saved.uploaded_at.toISOString() };
}

/** One attachment's bytes, for someone who may see the referral; audited as a view. */
export async function readAttachment(db: Db, user: AuthenticatedUser, referralId: string, attachmentId: string) {
  const audit = { action: 'referral.attachment.view', details: { attachmentId } };
  const referral = await viewableReferral(db, user, referralId, audit);
  const file = isUuid(attachmentId)
    ? await db.selectFrom('referral_attachment').select(['id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'content'])
      .where('id', '=', sql<string>`${attachmentId}::uuid`).where('referral_id', '=', referral.id).executeTakeFirst()
    : undefined;
  if (!file) throw notFound('The attachment');
  await recordAudit(db, { actor: user.username, action: audit.action, entityType: 'referral', entityId: referral.id, details: { attachmentId: file.id, fileName: file.file_name, sha256: file.sha256 } });
  return { fileName: file.file_name, contentType: file.content_type, sizeBytes: file.size_bytes, sha256: file.sha256, content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength) };
}
