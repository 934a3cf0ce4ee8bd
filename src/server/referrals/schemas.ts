/** zod schemas of the referral API: validation, response shape and the OpenAPI document. */
import { z } from 'zod';
import { CODE_SYSTEMS } from '../../domain/codes/clinical-codes.js';
import { PRIORITIES, SEXES } from '../../domain/referrals/referral.js';
import { ACTIONS, STATUSES } from '../../domain/referrals/triage.js';

export const ReferralInputSchema = z.object({
  externalId: z.string().max(64).nullish(),
  practiceCode: z.string().max(10),
  clinician: z.string().max(120),
  patient: z.object({
    nhsNumber: z.string().max(20),
    familyName: z.string().max(100),
    givenName: z.string().max(100),
    birthDate: z.string().max(10),
    sex: z.enum(SEXES),
    postcode: z.string().max(10),
  }),
  tfc: z.string().max(3),
  reason: z.object({ system: z.enum(CODE_SYSTEMS), code: z.string().max(20), display: z.string().max(200).nullish() }),
  priority: z.enum(PRIORITIES),
  chosenProviders: z.array(z.string().max(5)).max(5),
  pathwayCode: z.string().max(40).nullish(),
  clinicalInfo: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
  procedureCode: z.string().max(20).nullish(),
  referralDate: z.string().max(10),
});

const Criterion = z.object({ id: z.string(), label: z.string(), met: z.boolean(), detail: z.string() });

export const ReferralViewSchema = z.object({
  id: z.string(), reference: z.string(), source: z.string(), practiceCode: z.string(), practiceName: z.string(),
  externalId: z.string().nullable(), clinician: z.string(),
  patient: z.object({ nhsNumber: z.string(), familyName: z.string(), givenName: z.string(), birthDate: z.string(), sex: z.string(), postcode: z.string() }),
  tfc: z.string(), tfcName: z.string(),
  reason: z.object({ system: z.string(), code: z.string(), display: z.string().nullable() }),
  originalReason: z.object({ system: z.string(), code: z.string() }).nullable(),
  originalTfc: z.string().nullable(),
  priority: z.enum(PRIORITIES), pathwayCode: z.string().nullable(), pathwayName: z.string().nullable(),
  pathwayCheck: z.array(Criterion),
  clinicalInfo: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  procedureCode: z.string().nullable(), needsPriorApproval: z.boolean(),
  priorApproval: z.object({ reference: z.string(), by: z.string(), at: z.string() }).nullable(),
  referralDate: z.string(), status: z.enum(STATUSES), statusLabel: z.string(),
  nextActions: z.array(z.enum(ACTIONS)), canRecategorise: z.boolean(),
  chosenProviders: z.array(z.object({ rank: z.number(), code: z.string(), name: z.string() })),
  forwardedTo: z.string().nullable(), divertedTo: z.object({ code: z.string(), name: z.string() }).nullable(),
  advice: z.string().nullable(), bookingStatus: z.string().nullable(), bookedDate: z.string().nullable(), bookedProvider: z.string().nullable(),
  assignedTo: z.string().nullable(), triageDue: z.string().nullable(), version: z.number(),
  receivedAt: z.string(), updatedAt: z.string(),
  events: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), reason: z.string().nullable(), details: z.record(z.string(), z.unknown()) })),
  contacts: z.array(z.object({ at: z.string(), actor: z.string(), method: z.string(), outcome: z.string(), note: z.string() })),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number(), uploadedAt: z.string() })),
});

export const DecisionSchema = z.object({
  action: z.enum(ACTIONS),
  version: z.number().int(),
  reason: z.string().max(2000).default(''),
  providerCode: z.string().max(5).optional(),
  serviceCode: z.string().max(40).optional(),
  advice: z.string().max(4000).optional(),
  bookedDate: z.string().max(10).optional(),
  bookedProvider: z.string().max(5).optional(),
});

export const IdParams = z.object({ id: z.string().max(40) });
