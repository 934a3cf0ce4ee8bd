/**
 * Pseudonymous patient id: HMAC-SHA-256 of the NHS number with a per-installation secret. The same
 * patient gets the same pseudonym in referrals and in activity, so the two can be matched and
 * analysed without the NHS number; without the secret it cannot be reversed by trying numbers.
 */
import { createHmac } from 'node:crypto';

export const patientPseudonym = (secret: string, nhsNumber: string) =>
  createHmac('sha256', secret).update(nhsNumber).digest('hex');
