import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { ATTACHMENT_MAX_BYTES, checkAttachment, cleanFileName, sniff } from './attachments.js';

let t: TestApp;
let practice: Record<string, string>, other: Record<string, string>, reviewer: Record<string, string>, booking: Record<string, string>, finance: Record<string, string>;
let referralId: string;

const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const exeBytes = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90)]);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'booking', 'booking');
  await createTestUser(db, 'finance', 'finance');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
  reviewer = await t.signIn('reviewer');
  booking = await t.signIn('booking');
  finance = await t.signIn('finance');
  referralId = (await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral() as object })).json().id;
});
afterAll(() => t.close());

const upload = (headers: Record<string, string>, body: Buffer, contentType: string, fileName?: string, id = referralId) =>
  t.app.inject({
    method: 'POST', url: `/api/referrals/${id}/attachments`,
    headers: { ...headers, 'content-type': contentType, ...(fileName ? { 'x-file-name': fileName } : {}) }, payload: body,
  });
const stored = async () => (await t.database.db.selectFrom('referral_attachment').select('id').where('referral_id', '=', referralId).execute()).length;

describe('attaching a file', () => {
  it('stores a PDF from the referring practice with its SHA-256, as an event, audited', async () => {
    const res = await upload(practice, pdfBytes, 'application/pdf', 'C:\\fakepath\\x-ray report.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      fileName: 'x-ray report.pdf', contentType: 'application/pdf', sizeBytes: pdfBytes.length, uploadedBy: 'practice-e82001',
      sha256: createHash('sha256').update(pdfBytes).digest('hex'),
    });
    expect(res.headers.location).toBe(`/api/referrals/${referralId}/attachments/${a.id}`);
    const view = (await t.app.inject({ url: `/api/referrals/${referralId}`, headers: reviewer })).json();
    expect(view.attachments).toEqual([expect.objectContaining({ id: a.id, fileName: 'x-ray report.pdf', sizeBytes: pdfBytes.length })]);
    expect(view.events.at(-1)).toMatchObject({ action: 'attach', actor: 'practice-e82001', details: { attachmentId: a.id, sha256: a.sha256 } });
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'outcome']).where('action', '=', 'referral.attach').where('entity_id', '=', referralId).execute();
    expect(audit).toEqual([{ actor: 'practice-e82001', outcome: 'ok' }]);
  });

  it('lets a GP reviewer attach an image, but not the referral centre or another practice', async () => {
    expect((await upload(reviewer, pngBytes, 'image/png')).json()).toMatchObject({ contentType: 'image/png', fileName: 'image.png' });
    const before = await stored();
    expect((await upload(booking, pngBytes, 'image/png')).statusCode).toBe(403);
    expect((await upload(other, pngBytes, 'image/png')).statusCode).toBe(404);
    expect((await upload(finance, pngBytes, 'image/png')).statusCode).toBe(403);
    expect((await upload(practice, pngBytes, 'image/png', undefined, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await stored()).toBe(before);
  });

  it('refuses a program renamed .pdf, naming the field and why, and stores nothing', async () => {
    const before = await stored();
    const res = await upload(practice, exeBytes, 'application/pdf', 'results.pdf');
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([{ field: 'attachment', message: expect.stringMatching(/sent as a PDF.*Windows program/) }]);
    const jpegClaim = await upload(practice, pngBytes, 'image/jpeg');
    expect(jpegClaim.statusCode).toBe(422);
    expect(jpegClaim.json().details[0].message).toMatch(/sent as a JPEG image .* but its contents are a PNG image/);
    expect(await stored()).toBe(before);
  });

  it('refuses other types with 415, naming the field', async () => {
    const zip = await upload(practice, Buffer.from('PK\x03\x04rest'), 'application/zip');
    expect(zip.statusCode).toBe(415);
    expect(zip.json().details).toEqual([{ field: 'attachment', message: expect.stringMatching(/Only PDF, PNG and JPEG/) }]);
    const json = await t.app.inject({ method: 'POST', url: `/api/referrals/${referralId}/attachments`, headers: practice, payload: { file: 'JVBERi0=' } });
    expect(json.statusCode).toBe(415);
    expect(json.json().details[0].field).toBe('attachment');
  });

  it('refuses a file over 5 MB with 413 and says so', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(ATTACHMENT_MAX_BYTES)]);
    const res = await upload(practice, big, 'application/pdf', 'huge.pdf');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'file_too_large', message: expect.stringMatching(/larger than 5 MB/), details: [{ field: 'attachment' }] });
  });
});

describe('downloading an attachment', () => {
  it('gives the file back, as a download, to those who may see the referral, and audits it', async () => {
    const a = (await upload(practice, pdfBytes, 'application/pdf', encodeURIComponent('clinic letter – März.pdf'))).json();
    const url = `/api/referrals/${referralId}/attachments/${a.id}`;
    for (const headers of [practice, reviewer, booking]) {
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="clinic letter _ M_rz.pdf"; filename*=UTF-8''${encodeURIComponent('clinic letter – März.pdf')}`);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.equals(pdfBytes)).toBe(true);
    }
    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'referral.attachment.view').where('outcome', '=', 'ok').execute();
    expect(audit.map((e) => e.actor)).toEqual(['practice-e82001', 'reviewer', 'booking']);
    expect(audit[0]!.details).toMatchObject({ attachmentId: a.id, sha256: a.sha256 });
  });

  it('hides it from another practice (404) and from roles without patient access (403), auditing the refusals', async () => {
    const a = (await upload(practice, pngBytes, 'image/png', 'rash.png')).json();
    const url = `/api/referrals/${referralId}/attachments/${a.id}`;
    const res = await t.app.inject({ url, headers: other });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toMatch(/rash|SMITH/i);
    expect((await t.app.inject({ url, headers: finance })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/referrals/${referralId}/attachments/00000000-0000-4000-8000-000000000000`, headers: practice })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/referrals/${referralId}/attachments/not-a-uuid`, headers: practice })).statusCode).toBe(404);
    const denied = await t.database.db.selectFrom('audit_log').select('actor').where('action', '=', 'referral.attachment.view').where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.actor)).toEqual(expect.arrayContaining(['practice-e82002', 'finance']));
  });
});

describe('checking a file', () => {
  it('knows the accepted signatures and names a few others', () => {
    expect(sniff(pdfBytes).type).toBe('application/pdf');
    expect(sniff(pngBytes).type).toBe('image/png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])).type).toBe('image/jpeg');
    expect(sniff(exeBytes)).toEqual({ type: null, name: expect.stringMatching(/Windows program/) });
    expect(sniff(Buffer.from('%PD'))).toEqual({ type: null, name: 'a file of an unrecognised type' });
    expect(() => checkAttachment('application/pdf', Buffer.alloc(0))).toThrow(/empty/);
    expect(checkAttachment('Application/PDF; charset=binary', pdfBytes).type).toBe('application/pdf');
  });

  it('keeps only the name of a file, without folders or control characters', () => {
    expect(cleanFileName('/home/gp/scans/knee.jpg', 'x')).toBe('knee.jpg');
    expect(cleanFileName('a%2Fb%20c.pdf', 'x')).toBe('b c.pdf');
    expect(cleanFileName('evil"\r\nname.pdf', 'x')).toBe('evilname.pdf');
    expect(cleanFileName('', 'attachment.pdf')).toBe('attachment.pdf');
  });
});
