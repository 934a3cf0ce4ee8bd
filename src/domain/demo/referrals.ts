/**
 * A year of demo referrals for the demo locality (issue 3, item 9; REF-8 feedback needs them):
 * pure and deterministic, from the locality's seed. Each practice refers at its own rate per
 * 1,000 patients, bent by its age structure; patients are drawn from the practice's own
 * pyramid; the specialty mix, priorities, pathway answers and triage outcomes are realistic
 * enough for the worklists and the analytics to have something to show.
 *
 * Output is lazy and in date order. Nothing here touches the database: a loader submits each
 * `input` as if a practice had sent it at `receivedAt`, then applies `outcome` (if any).
 *
 * Patients are fictitious: NHS numbers come from the 999 range (valid check digit, clearly test
 * numbers), names from common-name lists, postcodes shaped like the practice's district. Reason
 * codes are a small hand-written list of common ICD-10 codes with their titles, for demo data.
 */
import { addDays, addWorkingDays, isWorkingDay, nextWorkingDayFrom } from '../calendar/working-days.js';
import { nhsNumberCheckDigit } from '../patient/nhs-number.js';
import { AGE_BANDS } from '../population/age-bands.js';
import { COMMUNITY_SERVICES, PATHWAYS, PRIOR_APPROVAL_PROCEDURES } from '../referrals/catalogue.js';
import { evaluatePathway, pathwayQuestions } from '../referrals/pathway.js';
import type { Priority, ReferralInput } from '../referrals/referral.js';
import type { DemoLocality, DemoPractice } from './locality.js';
import { postcode, TOWNS, type Town } from './places.js';
import { pyramidWeights, type PyramidCell } from './pyramid.js';
import { createRandom, subSeed, type Random } from './random.js';

// ---------------------------------------------------------------------------------------------
// Public shapes

export const DEFAULT_REFERRAL_PERIOD = { from: '2024-11-01', to: '2025-10-31' } as const;
/**
 * Share of real referral volume generated. Real practices refer ~250–400 patients per 1,000 a
 * year (~50,000 for the 20-practice demo); 0.08 keeps the default demo to ~4,000 referrals.
 */
export const DEFAULT_REFERRAL_FRACTION = 0.08;
/** Demo account usernames that make the decisions (see accounts.ts). */
export const DEMO_REVIEWER = 'reviewer';
export const DEMO_BOOKER = 'booking';

export interface DemoReferralOptions {
  /** defaults to the locality's seed */
  seed?: number;
  /** first and last day referrals are received (inclusive, ISO dates) */
  from?: string;
  to?: string;
  /** share of real volume to generate (default DEFAULT_REFERRAL_FRACTION) */
  fraction?: number;
  /** the demo's "today": no decision is dated after it (default: `to`) */
  asOf?: string;
}

/** The decision a loader applies after submitting the referral. */
export interface DemoReferralOutcome {
  /**
   * The triage decision, applied at `at` by `actor`. A two-week-wait referral skips triage
   * (it arrives `forwarded`), so its outcome is `book`.
   */
  action: 'forward' | 'divert' | 'return_with_advice' | 'request_info' | 'discuss_with_gp' | 'book';
  reason: string;
  /** ISO timestamp, after `receivedAt` and no later than the end of `asOf` */
  at: string;
  actor: string;
  /** forward: the provider (the patient's first choice) */
  forwardTo?: string;
  /** divert: the community service code (catalogue COMMUNITY_SERVICES) */
  divertTo?: string;
  /** return_with_advice: the advice for the referring GP */
  advice?: string;
  /** forward of a procedure on the prior-approval list: record this approval first */
  priorApproval?: { reference: string; at: string; actor: string };
  /**
   * When set, the referral was then booked: apply `book` at `bookedAt` by `bookedBy` (for `book`
   * outcomes these repeat `at` and `actor`). `bookedDate` is the appointment, possibly after asOf.
   */
  bookedDate?: string;
  bookedProvider?: string;
  bookedAt?: string;
  bookedBy?: string;
}

export interface DemoReferral {
  input: ReferralInput;
  /** ISO timestamp the gateway received it (a working day, office hours, UTC) */
  receivedAt: string;
  /** null: still in its first status (awaiting triage; for 2ww, forwarded and not yet booked) */
  outcome: DemoReferralOutcome | null;
}

// ---------------------------------------------------------------------------------------------
// Reason codes: the specialty mix

/** How likely a condition is at an age, relative to other ages (the pyramid supplies the people). */
export type AgeCurve = 'any' | 'adult' | 'older' | 'elderly' | 'young' | 'teen' | 'working' | 'child' | 'reproductive' | 'midlife' | 'postmenopausal';

const CURVES: Record<AgeCurve, (age: number) => number> = {
  any: () => 1,
  adult: (a) => (a < 16 ? 0.03 : 1),
  older: (a) => (a < 30 ? 0.05 : a < 50 ? 0.3 : a < 65 ? 1 : 2),
  elderly: (a) => (a < 45 ? 0 : a < 60 ? 0.2 : a < 70 ? 1 : a < 80 ? 2.5 : 3),
  young: (a) => (a < 16 ? 1.2 : a < 40 ? 1 : a < 60 ? 0.5 : 0.3),
  teen: (a) => (a >= 12 && a <= 30 ? 1 : 0.03),
  working: (a) => (a < 16 ? 0 : a < 65 ? 1 : 0.5),
  child: (a) => (a < 16 ? 1 : 0),
  reproductive: (a) => (a < 15 || a > 54 ? 0 : a >= 35 ? 1.5 : 1),
  midlife: (a) => (a >= 40 && a < 65 ? 1 : 0.02),
  postmenopausal: (a) => (a < 45 ? 0 : a < 55 ? 0.4 : 1),
};

/** One demo reason for referral: an ICD-10 code, its specialty and how GPs refer it. */
export interface DemoReason {
  tfc: string;
  code: string;
  display: string;
  /** relative frequency among all referrals (before age fit) */
  weight: number;
  ages: AgeCurve;
  sex?: 'M' | 'F';
  pathway?: string;
  /** a suspected-cancer referral: sent 2ww */
  twoWeekWait?: boolean;
  /** share sent urgent (non-2ww codes; default 0.14) */
  urgent?: number;
  /** community services a reviewer may divert to */
  divert?: string[];
  /** a procedure on the prior-approval list the GP sometimes names, and how often */
  procedure?: { code: string; share: number };
}

const r = (tfc: string, code: string, display: string, weight: number, ages: AgeCurve, more: Partial<DemoReason> = {}): DemoReason =>
  ({ tfc, code, display, weight, ages, ...more });

const KNEE = { pathway: 'knee-pain', divert: ['msk-cats', 'community-physio'] };
const SKIN = { pathway: 'dermatology', divert: ['community-dermatology'] };
const EARS = { pathway: 'ent-hearing', divert: ['audiology'] };
const WEIGHT = { pathway: 'weight-management', divert: ['tier2-weight'] };
const CATARACT = { pathway: 'cataract', divert: ['community-ophthalmology'] };
const HMB = { pathway: 'gynae-hmb', divert: ['community-gynaecology'] };
const TWW = { twoWeekWait: true };

export const DEMO_REASONS: readonly DemoReason[] = [
  // Trauma and orthopaedics
  r('110', 'M17.1', 'Other primary gonarthrosis', 4, 'older', { ...KNEE, procedure: { code: 'W85', share: 0.05 } }),
  r('110', 'M17.9', 'Gonarthrosis, unspecified', 1.5, 'older', KNEE),
  r('110', 'M23.2', 'Derangement of meniscus due to old tear or injury', 1.2, 'adult', { ...KNEE, procedure: { code: 'W85', share: 0.3 } }),
  r('110', 'M22.2', 'Patellofemoral disorders', 0.8, 'young', KNEE),
  r('110', 'M25.56', 'Pain in joint, lower leg', 1, 'adult', KNEE),
  r('110', 'M16.1', 'Other primary coxarthrosis', 2, 'older', { divert: ['msk-cats', 'community-physio'] }),
  r('110', 'G56.0', 'Carpal tunnel syndrome', 1.5, 'working', { divert: ['msk-cats'], procedure: { code: 'A65.1', share: 0.4 } }),
  r('110', 'M72.0', 'Palmar fascial fibromatosis [Dupuytren]', 0.6, 'older', { sex: 'M', procedure: { code: 'T52.1', share: 0.5 } }),
  r('110', 'M75.1', 'Rotator cuff syndrome', 1.2, 'adult', { divert: ['msk-cats', 'community-physio'] }),
  r('110', 'M54.5', 'Low back pain', 1.5, 'adult', { divert: ['msk-cats', 'community-physio'] }),
  r('110', 'M20.1', 'Hallux valgus (acquired)', 0.7, 'adult', { divert: ['msk-cats'] }),
  // Dermatology
  r('330', 'L20.9', 'Atopic dermatitis, unspecified', 1.5, 'young', SKIN),
  r('330', 'L40.0', 'Psoriasis vulgaris', 1.5, 'adult', SKIN),
  r('330', 'L70.0', 'Acne vulgaris', 1, 'teen', SKIN),
  r('330', 'L71.9', 'Rosacea, unspecified', 0.6, 'adult', SKIN),
  r('330', 'L82', 'Seborrhoeic keratosis', 0.8, 'older', { ...SKIN, procedure: { code: 'S06', share: 0.3 } }),
  r('330', 'D22.9', 'Melanocytic naevi, unspecified', 1.2, 'adult', SKIN),
  r('330', 'L30.9', 'Dermatitis, unspecified', 0.6, 'any', SKIN),
  r('330', 'C43.9', 'Malignant melanoma of skin, unspecified', 0.9, 'older', TWW),
  r('330', 'C44.9', 'Malignant neoplasm of skin, unspecified', 0.6, 'elderly', TWW),
  // ENT
  r('120', 'H90.3', 'Sensorineural hearing loss, bilateral', 1.2, 'older', EARS),
  r('120', 'H90.4', 'Sensorineural hearing loss, unilateral with unrestricted hearing on the contralateral side', 0.7, 'adult', { pathway: 'ent-hearing' }),
  r('120', 'H91.9', 'Hearing loss, unspecified', 0.8, 'older', EARS),
  r('120', 'H93.1', 'Tinnitus', 0.7, 'adult', { divert: ['audiology'] }),
  r('120', 'H65.3', 'Chronic mucoid otitis media', 0.6, 'child', { procedure: { code: 'D15.1', share: 0.5 } }),
  r('120', 'J35.0', 'Chronic tonsillitis', 0.8, 'young', { procedure: { code: 'F34', share: 0.5 } }),
  r('120', 'J32.9', 'Chronic sinusitis, unspecified', 0.6, 'adult'),
  r('120', 'J34.2', 'Deviated nasal septum', 0.4, 'adult'),
  r('120', 'H61.2', 'Impacted cerumen', 0.4, 'older', { divert: ['community-ent'] }),
  r('120', 'H60.9', 'Otitis externa, unspecified', 0.3, 'adult', { divert: ['community-ent'] }),
  r('120', 'R49.0', 'Dysphonia', 0.5, 'older', TWW),
  r('120', 'R22.1', 'Localized swelling, mass and lump, neck', 0.4, 'adult', TWW),
  // Ophthalmology
  r('130', 'H25.9', 'Senile cataract, unspecified', 2.5, 'elderly', CATARACT),
  r('130', 'H25.1', 'Senile nuclear cataract', 1.5, 'elderly', CATARACT),
  r('130', 'H40.1', 'Primary open-angle glaucoma', 1.2, 'elderly', { divert: ['community-ophthalmology'] }),
  r('130', 'H35.3', 'Degeneration of macula and posterior pole', 0.9, 'elderly', { urgent: 0.45 }),
  r('130', 'H02.3', 'Blepharochalasis', 0.3, 'older', { procedure: { code: 'C13', share: 0.5 } }),
  r('130', 'H04.1', 'Other disorders of lacrimal gland', 0.4, 'older', { divert: ['community-ophthalmology'] }),
  r('130', 'H00.1', 'Chalazion', 0.3, 'adult', { divert: ['community-ophthalmology'] }),
  r('130', 'H50.9', 'Strabismus, unspecified', 0.3, 'child'),
  // Gynaecology
  r('502', 'N92.0', 'Excessive and frequent menstruation with regular cycle', 2, 'reproductive', { ...HMB, sex: 'F', procedure: { code: 'Q07', share: 0.08 } }),
  r('502', 'N92.1', 'Excessive and frequent menstruation with irregular cycle', 0.6, 'reproductive', { ...HMB, sex: 'F' }),
  r('502', 'D25.9', 'Leiomyoma of uterus, unspecified', 1, 'reproductive', { pathway: 'gynae-hmb', sex: 'F' }),
  r('502', 'N81.4', 'Uterovaginal prolapse, unspecified', 1, 'older', { sex: 'F', divert: ['community-gynaecology'] }),
  r('502', 'N83.2', 'Other and unspecified ovarian cysts', 0.6, 'reproductive', { sex: 'F' }),
  r('502', 'N80.9', 'Endometriosis, unspecified', 0.5, 'reproductive', { sex: 'F' }),
  r('502', 'N95.1', 'Menopausal and female climacteric states', 0.6, 'midlife', { sex: 'F', divert: ['community-gynaecology'] }),
  r('502', 'N94.6', 'Dysmenorrhoea, unspecified', 0.3, 'reproductive', { sex: 'F' }),
  r('502', 'N95.0', 'Postmenopausal bleeding', 0.9, 'postmenopausal', { ...TWW, sex: 'F' }),
  // Endocrinology and specialist weight management
  r('302', 'E66.0', 'Obesity due to excess calories', 1.8, 'working', WEIGHT),
  r('302', 'E66.9', 'Obesity, unspecified', 1.2, 'working', WEIGHT),
  r('302', 'E05.0', 'Thyrotoxicosis with diffuse goitre', 0.4, 'adult', { urgent: 0.35 }),
  r('302', 'E11.9', 'Type 2 diabetes mellitus without complications', 0.6, 'older'),
  r('302', 'E04.1', 'Nontoxic single thyroid nodule', 0.3, 'adult'),
  // General surgery
  r('100', 'K40.9', 'Unilateral or unspecified inguinal hernia, without obstruction or gangrene', 2, 'adult', { sex: 'M', procedure: { code: 'T20', share: 0.4 } }),
  r('100', 'K80.2', 'Calculus of gallbladder without cholecystitis', 1.2, 'adult'),
  r('100', 'K42.9', 'Umbilical hernia without obstruction or gangrene', 0.7, 'adult'),
  r('100', 'L72.1', 'Trichilemmal cyst', 0.6, 'adult'),
  r('100', 'D17.9', 'Benign lipomatous neoplasm, unspecified', 0.7, 'adult'),
  // Cardiology
  r('320', 'R00.2', 'Palpitations', 1.2, 'adult', { divert: ['community-cardiology'] }),
  r('320', 'I48.9', 'Atrial fibrillation and atrial flutter, unspecified', 0.9, 'elderly', { urgent: 0.3 }),
  r('320', 'R07.4', 'Chest pain, unspecified', 1, 'adult', { urgent: 0.5 }),
  r('320', 'I50.9', 'Heart failure, unspecified', 0.7, 'elderly', { urgent: 0.4 }),
  r('320', 'R01.1', 'Cardiac murmur, unspecified', 0.5, 'any', { divert: ['community-cardiology'] }),
  r('320', 'I10', 'Essential (primary) hypertension', 0.4, 'adult', { divert: ['community-cardiology'] }),
  // Gastroenterology
  r('301', 'K58.9', 'Irritable bowel syndrome without diarrhoea', 1, 'young'),
  r('301', 'K21.9', 'Gastro-oesophageal reflux disease without oesophagitis', 0.9, 'adult'),
  r('301', 'K50.9', 'Crohn disease, unspecified', 0.3, 'young', { urgent: 0.4 }),
  r('301', 'K90.0', 'Coeliac disease', 0.4, 'any'),
  r('301', 'R19.4', 'Change in bowel habit', 0.8, 'adult'),
  r('301', 'D50.9', 'Iron deficiency anaemia, unspecified', 0.7, 'older', { urgent: 0.5 }),
  r('301', 'K76.0', 'Fatty (change of) liver, not elsewhere classified', 0.6, 'adult'),
  r('301', 'R13', 'Dysphagia', 0.6, 'older', TWW),
  // Colorectal surgery
  r('104', 'K62.5', 'Haemorrhage of anus and rectum', 0.9, 'older', TWW),
  r('104', 'R19.5', 'Other faecal abnormalities', 0.8, 'older', TWW),
  r('104', 'K64.9', 'Haemorrhoids, unspecified', 0.8, 'adult', { procedure: { code: 'H51', share: 0.3 } }),
  r('104', 'K60.2', 'Anal fissure, unspecified', 0.4, 'adult'),
  // Urology
  r('101', 'N40', 'Hyperplasia of prostate', 1.5, 'older', { sex: 'M' }),
  r('101', 'N39.0', 'Urinary tract infection, site not specified', 0.6, 'adult'),
  r('101', 'N20.0', 'Calculus of kidney', 0.6, 'adult', { urgent: 0.3 }),
  r('101', 'N43.3', 'Hydrocele, unspecified', 0.4, 'any', { sex: 'M' }),
  r('101', 'N39.3', 'Stress incontinence', 0.5, 'adult', { sex: 'F' }),
  r('101', 'R31', 'Unspecified haematuria', 1, 'older', TWW),
  // Breast surgery
  r('103', 'N63', 'Unspecified lump in breast', 2, 'adult', { ...TWW, sex: 'F' }),
  r('103', 'N64.4', 'Mastodynia', 0.5, 'adult', { sex: 'F' }),
  r('103', 'N60.1', 'Diffuse cystic mastopathy', 0.3, 'adult', { sex: 'F' }),
  // Vascular surgery
  r('107', 'I83.9', 'Varicose veins of lower extremities without ulcer or inflammation', 1, 'adult', { procedure: { code: 'L85', share: 0.4 } }),
  r('107', 'I73.9', 'Peripheral vascular disease, unspecified', 0.5, 'elderly', { urgent: 0.3 }),
  // Rheumatology
  r('410', 'M06.9', 'Rheumatoid arthritis, unspecified', 0.6, 'adult', { urgent: 0.4 }),
  r('410', 'M79.7', 'Fibromyalgia', 0.5, 'adult'),
  r('410', 'M35.3', 'Polymyalgia rheumatica', 0.4, 'elderly', { urgent: 0.5 }),
  r('410', 'M10.9', 'Gout, unspecified', 0.3, 'adult'),
  r('410', 'M45', 'Ankylosing spondylitis', 0.2, 'young'),
  r('410', 'M15.9', 'Polyarthrosis, unspecified', 0.5, 'older', { divert: ['msk-cats'] }),
  // Neurology
  r('400', 'G43.9', 'Migraine, unspecified', 0.8, 'young'),
  r('400', 'R51', 'Headache', 0.6, 'adult'),
  r('400', 'G40.9', 'Epilepsy, unspecified', 0.3, 'any', { urgent: 0.5 }),
  r('400', 'G20', 'Parkinson disease', 0.3, 'elderly', { urgent: 0.3 }),
  r('400', 'G35', 'Multiple sclerosis', 0.2, 'young', { urgent: 0.4 }),
  r('400', 'R20.2', 'Paraesthesia of skin', 0.3, 'adult'),
  // Respiratory medicine
  r('340', 'J45.9', 'Asthma, unspecified', 0.5, 'any'),
  r('340', 'J44.9', 'Chronic obstructive pulmonary disease, unspecified', 0.5, 'elderly'),
  r('340', 'R05', 'Cough', 0.5, 'adult'),
  r('340', 'G47.3', 'Sleep apnoea', 0.4, 'adult'),
  r('340', 'R91', 'Abnormal findings on diagnostic imaging of lung', 0.5, 'elderly', TWW),
  // Paediatrics
  r('420', 'R62.8', 'Other lack of expected normal physiological development', 0.4, 'child'),
  r('420', 'R10.4', 'Other and unspecified abdominal pain', 0.6, 'child'),
  r('420', 'K59.0', 'Constipation', 0.6, 'child'),
  r('420', 'R63.3', 'Feeding difficulties and mismanagement', 0.3, 'child'),
  r('420', 'F90.0', 'Disturbance of activity and attention', 0.4, 'child'),
];

// ---------------------------------------------------------------------------------------------
// People and places

const SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
  'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel',
  'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker',
  'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young',
  'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Ali',
  'Hussain', 'Shah', 'Ahmed', 'Okafor', 'Mensah', 'Nowak', 'Kowalski', 'Rossi', 'O’Brien', 'Murray', 'Kaur', 'Chen',
  'Wong', 'Nguyen', 'Da Silva', 'Campbell', 'Stewart', 'Graham', 'Kennedy', 'Osei', 'Popescu', 'Fernandes', 'Byrne',
];
/** Given names by sex and birth era (before 1960, 1960–1989, 1990 on). */
const GIVEN: Record<'M' | 'F', readonly (readonly string[])[]> = {
  F: [
    ['Margaret', 'Patricia', 'Jean', 'Mary', 'Joan', 'Sheila', 'Barbara', 'Dorothy', 'Brenda', 'Sandra', 'Christine', 'Susan', 'Pauline', 'Valerie', 'Maureen', 'Janet'],
    ['Sarah', 'Claire', 'Nicola', 'Emma', 'Lisa', 'Karen', 'Julie', 'Helen', 'Rachel', 'Joanne', 'Louise', 'Michelle', 'Amanda', 'Deborah', 'Priya', 'Samantha'],
    ['Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Chloe', 'Jessica', 'Lily', 'Mia', 'Ella', 'Aisha', 'Zara', 'Freya', 'Hannah'],
  ],
  M: [
    ['John', 'David', 'Michael', 'Peter', 'Robert', 'Brian', 'Alan', 'Anthony', 'Kenneth', 'Derek', 'Colin', 'Roger', 'Keith', 'Terence', 'Raymond', 'Geoffrey'],
    ['Paul', 'Mark', 'Andrew', 'Richard', 'Stephen', 'James', 'Simon', 'Darren', 'Neil', 'Jason', 'Lee', 'Matthew', 'Christopher', 'Gary', 'Rajesh', 'Daniel'],
    ['Oliver', 'George', 'Harry', 'Jack', 'Noah', 'Leo', 'Charlie', 'Jacob', 'Thomas', 'Oscar', 'Alfie', 'Joshua', 'Muhammad', 'Arjun', 'Ethan', 'Samuel'],
  ],
};

/** The acute trust most of a town's patients use (ODS codes of the demo providers). */
const LOCAL_ACUTE: Record<string, string> = {
  'Hemel Hempstead': 'RWG', Berkhamsted: 'RWG', Tring: 'RWG', 'Kings Langley': 'RWG', 'St Albans': 'RWG', Harpenden: 'RWG',
  Watford: 'RWG', Rickmansworth: 'RWG', Borehamwood: 'RWG',
  Hatfield: 'RWH', 'Welwyn Garden City': 'RWH', Stevenage: 'RWH', Hitchin: 'RWH', Letchworth: 'RWH', Royston: 'RWH',
  Ware: 'RWH', Hertford: 'RWH', Buntingford: 'RWH',
  Harlow: 'RQW', Epping: 'RQW', Sawbridgeworth: 'RQW', "Bishop's Stortford": 'RQW', Cheshunt: 'RQW', Hoddesdon: 'RQW',
  'Potters Bar': 'RAL',
};
const ACUTES = ['RWG', 'RWH', 'RQW', 'RAL'];
const INDEPENDENTS = ['NT4', 'NVC'];
/** Specialties the independent sector takes referrals for. */
const ELECTIVE = new Set(['110', '120', '130', '100', '101', '104', '107', '502', '330']);

// ---------------------------------------------------------------------------------------------
// Pathway answers: what the GP fills in; `meet` false gives an answer that misses the criterion

type Answer = string | number | boolean | undefined;
type AnswerMaker = (rnd: Random, meet: boolean, referralDate: string) => Answer;

const round1 = (x: number) => Math.round(x * 10) / 10;
const pastDate = (rnd: Random, referralDate: string, minDays: number, maxDays: number) => addDays(referralDate, -rnd.int(minDays, maxDays));
const orMissing = (rnd: Random, missing: Answer): Answer => (rnd.next() < 0.5 ? missing : undefined);

const ANSWERS: Record<string, Record<string, AnswerMaker>> = {
  'knee-pain': {
    symptom_months: (rnd, meet) => (meet ? rnd.int(3, 60) : rnd.int(1, 2)),
    knee_xray: (rnd, meet, d) => (meet ? `${pastDate(rnd, d, 10, 330)}: ${rnd.pick(['moderate medial joint space narrowing with osteophytes', 'severe tricompartmental osteoarthritis', 'mild patellofemoral degenerative change', 'no bony abnormality'])}` : undefined),
    physio_tried: (rnd, meet) => (meet ? true : orMissing(rnd, false)),
    analgesia_tried: (rnd, meet) => (meet ? rnd.pick(['paracetamol and topical ibuprofen', 'co-codamol 30/500 as needed', 'naproxen 500 mg twice daily with omeprazole', 'topical diclofenac']) : undefined),
    bmi: (rnd, meet) => (meet ? round1(Math.min(46, Math.max(19, 29 + 5 * rnd.normal()))) : undefined),
  },
  dermatology: {
    symptom_months: (rnd, meet) => (meet ? rnd.int(3, 120) : rnd.int(1, 2)),
    treatments_tried: (rnd, meet) => (meet ? rnd.pick(['emollients and potent topical steroid for 8 weeks', 'topical retinoid and lymecycline for 3 months', 'vitamin D analogue and steroid combination for 12 weeks', 'ivermectin cream for 12 weeks']) : undefined),
    photo_attached: (rnd, meet) => (meet ? true : orMissing(rnd, false)),
    impact_on_life: (rnd, meet) => (meet ? rnd.pick(['poor sleep from itching', 'missing school', 'low mood; DLQI 14', 'painful fissures on hands, affecting work']) : undefined),
  },
  'ent-hearing': {
    audiogram: (rnd, meet) => (meet ? `R ${rnd.int(4, 14) * 5} dB, L ${rnd.int(4, 14) * 5} dB` : undefined),
    otoscopy: (rnd, meet) => (meet ? rnd.pick(['normal tympanic membranes', 'dull tympanic membrane left, no perforation', 'healed perforation right', 'normal']) : undefined),
    wax_excluded: (rnd, meet) => (meet ? true : orMissing(rnd, false)),
    symptom_months: (rnd, meet) => (meet ? rnd.int(2, 48) : undefined),
  },
  'weight-management': {
    bmi: (rnd, meet) => (meet ? round1(35 + Math.abs(6 * rnd.normal())) : round1(31 + 3.9 * rnd.next())),
    hba1c: (rnd, meet) => (meet ? rnd.int(36, 80) : undefined),
    tier2_completed: (rnd, meet) => (meet ? true : orMissing(rnd, false)),
    // bmi_40_or_comorbidity follows from the BMI: see clinicalInfoFor
  },
  cataract: {
    va_logmar: (rnd, meet) => (meet ? rnd.pick([0.3, 0.4, 0.48, 0.6, 0.78, 1.0]) : rnd.pick([0, 0.1, 0.18, 0.2])),
    wishes_surgery: (rnd, meet) => (meet ? true : orMissing(rnd, false)),
    impact_on_life: (rnd, meet) => (meet ? rnd.pick(['difficulty driving at night with glare', 'cannot read small print', 'two falls this year', 'struggling with screen work']) : undefined),
    optometrist_report: (rnd, meet, d) => (meet ? `${pastDate(rnd, d, 7, 120)}: ${rnd.pick(['nuclear sclerotic cataract, right worse than left', 'cortical cataract both eyes', 'posterior subcapsular cataract left'])}` : undefined),
  },
  'gynae-hmb': {
    pelvic_ultrasound: (rnd, meet, d) => (meet ? `${pastDate(rnd, d, 14, 240)}: ${rnd.pick(['bulky uterus with 4 cm intramural fibroid', 'normal uterus and ovaries, endometrium 8 mm', 'multiple fibroids, largest 6 cm', 'adenomyosis suspected'])}` : undefined),
    haemoglobin: (rnd, meet) => (meet ? rnd.int(85, 135) : undefined),
    treatments_tried: (rnd, meet) => (meet ? rnd.pick(['LNG-IUS for 6 months', 'tranexamic and mefenamic acid for 3 cycles', 'combined pill for 6 months', 'norethisterone, then LNG-IUS declined']) : undefined),
    last_cervical_screening: (rnd, meet, d) => (meet ? pastDate(rnd, d, 60, 1000) : undefined),
  },
};

const PATHWAY_BY_CODE = new Map(PATHWAYS.map((p) => [p.code, p]));
const SERVICE_BY_CODE = new Map(COMMUNITY_SERVICES.map((s) => [s.code, s]));
const PRIOR_APPROVAL = new Set(PRIOR_APPROVAL_PROCEDURES.map((p) => p.code));
const QUESTION_KEYS = new Map(PATHWAYS.map((p) => [p.code, pathwayQuestions(p.criteria).map((q) => q.key)]));

/** Answers to the pathway's questions: all meeting its criteria when `complete`, else one or two missed. */
function clinicalInfoFor(pathwayCode: string, complete: boolean, rnd: Random, referralDate: string): Record<string, string | number | boolean> {
  const keys = QUESTION_KEYS.get(pathwayCode) ?? [];
  const missed = new Set<string>();
  if (!complete && keys.length) {
    const count = rnd.next() < 0.7 ? 1 : 2;
    while (missed.size < Math.min(count, keys.length)) missed.add(rnd.pick(keys));
  }
  const makers = ANSWERS[pathwayCode] ?? {};
  const info: Record<string, string | number | boolean> = {};
  for (const key of keys) {
    const make = makers[key];
    let value: Answer;
    if (make) value = make(rnd, !missed.has(key), referralDate);
    else if (key === 'bmi_40_or_comorbidity') {
      const bmi = Number(info.bmi);
      value = missed.has(key) ? orMissing(rnd, false) : bmi >= 40 || rnd.next() < 0.9;
    }
    if (value !== undefined) info[key] = value;
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Triage outcomes

type TriageChoice = 'forward' | 'divert' | 'return_with_advice' | 'request_info' | 'discuss_with_gp';
const CHOICES: readonly TriageChoice[] = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'];
/** Base weights where a diversion is possible; without one its weight goes to forwarding. */
const BASE_WEIGHTS: Record<TriageChoice, number> = { forward: 50, divert: 30, return_with_advice: 10, request_info: 8.5, discuss_with_gp: 5 };

const ADVICE: Record<string, readonly string[]> = {
  '110': ['Please complete 6 weeks of supervised exercise therapy and weight-loss support, then re-refer if function remains limited.', 'X-ray shows mild change only: continue analgesia and physiotherapy; re-refer if symptoms progress.'],
  '330': ['Please try a 12-week course of a potent topical steroid with emollients; teledermatology advice is available if no response.', 'Benign lesion on the photograph: reassure; removal is not funded for cosmetic reasons.'],
  '120': ['Please refer to direct-access audiology for hearing aids; ENT review is not needed for symmetrical age-related loss.', 'Please treat with a 3-month trial of nasal steroid spray and saline irrigation before re-referral.'],
  '130': ['Visual acuity does not yet meet the threshold: please ask the optometrist to review in 6 months.', 'Please refer via the community eye service for assessment first.'],
  '502': ['Please offer an LNG-IUS (community gynaecology can fit it) and review in 6 months.', 'Please start tranexamic acid and check ferritin; re-refer if no improvement after 3 cycles.'],
  '302': ['Please refer to the Tier 2 lifestyle service first; Tier 3 needs a completed Tier 2 programme.', 'Optimise diabetes care in practice; weight-management medicines can be considered in primary care.'],
  '320': ['Please arrange a 24-hour ECG through the community service; refer if an arrhythmia is found.'],
  '301': ['Please check coeliac serology and faecal calprotectin; manage as IBS if normal.'],
  '101': ['Please start an alpha-blocker and review in 6 weeks; re-refer if symptoms persist.'],
  '100': ['Asymptomatic hernia: watchful waiting is safe; re-refer if painful or enlarging.'],
};
const GENERIC_ADVICE = ['Please manage in primary care following the local guideline; advice and guidance is available.', 'This can be managed in primary care: see the attached advice and re-refer if no improvement in 3 months.'];
const FORWARD_REASONS = ['Appropriate for specialist assessment', 'Needs a specialist opinion', 'Primary-care management exhausted', 'Red flags noted: specialist assessment needed'];
const INFO_REASONS = ['Please send recent blood results', 'Please clarify the question for the specialist', 'Please send the current medication list and treatments tried'];
const DISCUSS_REASONS = ['Agreed with the referring GP to try community management first', 'Discussed alternatives with the referring GP: GP to review in 4 weeks', 'Discussed with the referring GP: patient to consider options before a decision'];

// ---------------------------------------------------------------------------------------------
// The generator

interface PracticePlan {
  practice: DemoPractice;
  town: Town;
  outward: string;
  rnd: Random;
  cells: PyramidCell[];
  /** expected referrals per working day, before seasonality */
  perDay: number;
  reasonCumulative: number[];
  cellCumulative: Map<number, number[]>;
  clinicians: string[];
  /** how often this practice's pathway answers are complete */
  completeness: number;
  outcomeBias: Record<TriageChoice, number>;
  localAcute: string;
  sequence: number;
  patients: { patient: ReferralInput['patient']; age: number; sex: 'M' | 'F' }[];
}

const BAND_RANGES = AGE_BANDS.map((b) => {
  const [lo, hi] = b === '95+' ? [95, 104] : b.split('-').map(Number);
  return { lo: lo!, hi: hi!, mid: (lo! + hi!) / 2 };
});
const SEASON = [1.08, 1.04, 1.06, 0.95, 1, 1.02, 0.98, 0.88, 1.02, 1.05, 1.04, 0.85];
const REASON_TOTAL = DEMO_REASONS.reduce((a, x) => a + x.weight, 0);
/** Working days in a year, near enough, to turn annual rates into daily ones. */
const WORKING_DAYS_PER_YEAR = 252;

const cumulative = (weights: readonly number[]) => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};

function drawIndex(rnd: Random, cum: readonly number[]): number {
  const x = rnd.next() * cum[cum.length - 1]!;
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function poisson(rnd: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.normal()));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rnd.next(); p > limit; p *= rnd.next()) k++;
  return k;
}

/** How well a condition fits a pyramid: Σ share × age fit × sex fit. */
function fit(spec: DemoReason, cells: readonly PyramidCell[], total: number): number {
  let sum = 0;
  cells.forEach((c, i) => {
    if (spec.sex && spec.sex !== c.sex) return;
    sum += c.weight * CURVES[spec.ages](BAND_RANGES[Math.floor(i / 2)]!.mid);
  });
  return sum / total;
}

/** England's shape with no practice noise, as the yardstick for each practice's age fit. */
const REFERENCE_CELLS = pyramidWeights('typical', { next: () => 0.5, int: (a) => a, pick: (xs) => xs[0]!, normal: () => 0 });
const REFERENCE_TOTAL = REFERENCE_CELLS.reduce((a, c) => a + c.weight, 0);
const REFERENCE_FIT = DEMO_REASONS.map((s) => fit(s, REFERENCE_CELLS, REFERENCE_TOTAL));

function planPractice(locality: DemoLocality, practice: DemoPractice, seed: number, fraction: number, providers: Set<string>): PracticePlan {
  const rnd = createRandom(subSeed(seed, 31, practice.index));
  // the same pyramid as the practice's registered population (population.ts)
  const cells = pyramidWeights(practice.profile, createRandom(subSeed(locality.seed, 2, practice.index)));
  const total = cells.reduce((a, c) => a + c.weight, 0);
  const outward = practice.postcode.split(' ')[0]!;
  const town = TOWNS.find((t) => t.districts.includes(outward)) ?? { name: 'Hertfordshire', districts: [outward] };

  // referral behaviour: an overall propensity and a lean per specialty
  const propensity = Math.min(1.4, Math.max(0.7, Math.exp(0.15 * rnd.normal())));
  const specialtyLean = new Map<string, number>();
  const weights = DEMO_REASONS.map((spec, i) => {
    if (!specialtyLean.has(spec.tfc)) specialtyLean.set(spec.tfc, Math.exp(0.2 * rnd.normal()));
    return spec.weight * specialtyLean.get(spec.tfc)! * (fit(spec, cells, total) / REFERENCE_FIT[i]!);
  });
  const mix = weights.reduce((a, w) => a + w, 0) / REASON_TOTAL;
  const ratePer1000 = 300 * propensity * mix;
  const listSize = practice.listSizes[practice.listSizes.length - 1] ?? 0;

  const gps = Math.min(10, Math.max(2, Math.round(listSize / 1800)));
  const clinicians = new Set<string>();
  while (clinicians.size < gps) clinicians.add(`Dr ${rnd.pick(rnd.next() < 0.5 ? GIVEN.F[1]! : GIVEN.M[1]!)[0]} ${rnd.pick(SURNAMES)}`);

  return {
    practice, town, outward, rnd, cells,
    perDay: (ratePer1000 * listSize * fraction) / 1000 / WORKING_DAYS_PER_YEAR,
    reasonCumulative: cumulative(weights),
    cellCumulative: new Map(),
    clinicians: [...clinicians],
    completeness: Math.min(0.95, Math.max(0.55, 0.8 + 0.1 * rnd.normal())),
    outcomeBias: Object.fromEntries(CHOICES.map((c) => [c, Math.exp(0.25 * rnd.normal())])) as Record<TriageChoice, number>,
    localAcute: localAcuteOf(practice, providers),
    sequence: 0,
    patients: [],
  };
}

/** The acute trust most of a practice's patients use (by its town), or the locality's first provider. */
export function localAcuteOf(practice: DemoPractice, providers: ReadonlySet<string>): string {
  const outward = practice.postcode.split(' ')[0]!;
  const local = LOCAL_ACUTE[TOWNS.find((t) => t.districts.includes(outward))?.name ?? ''] ?? 'RWG';
  return providers.has(local) ? local : [...providers][0]!;
}

function listSizeAt(locality: DemoLocality, practice: DemoPractice, date: string): number {
  let size = practice.listSizes[0]!;
  locality.periods.forEach((period, i) => {
    if (period <= date) size = practice.listSizes[i] ?? size;
  });
  return size;
}

const minutes = (rnd: Random, from: number, to: number) => rnd.int(from, to);
const stamp = (date: string, minute: number) => `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
const minuteOf = (timestamp: string) => Number(timestamp.slice(11, 13)) * 60 + Number(timestamp.slice(14, 16));

/** A decision `days` working days after `after` (0: later the same day when there is time). */
function decisionTime(rnd: Random, after: string, days: number): string {
  const date = after.slice(0, 10);
  if (days === 0) {
    const m = minuteOf(after) + rnd.int(15, 150);
    if (m <= 17 * 60 + 30) return stamp(date, m);
    days = 1;
  }
  return stamp(addWorkingDays(date, days), minutes(rnd, 8 * 60 + 30, 17 * 60 + 30));
}

/**
 * Referrals for every practice of the locality, received on working days from `from` to `to`,
 * in the order received (held one day at a time). Deterministic: the same locality and options give the same referrals.
 */
export function* generateReferrals(locality: DemoLocality, options: DemoReferralOptions = {}): Generator<DemoReferral> {
  const from = options.from ?? DEFAULT_REFERRAL_PERIOD.from;
  const to = options.to ?? DEFAULT_REFERRAL_PERIOD.to;
  const asOf = options.asOf ?? to;
  const fraction = options.fraction ?? DEFAULT_REFERRAL_FRACTION;
  const seed = options.seed ?? locality.seed;
  addDays(from, 0); // validates both dates
  addDays(to, 0);
  if (to < from) throw new RangeError('The period must end on or after its first day.');
  if (asOf < to) throw new RangeError('asOf must not be before the end of the period.');
  if (!(fraction > 0 && fraction <= 10)) throw new RangeError('The fraction must be above 0 and at most 10.');

  const providers = new Set(locality.providers.map((p) => p.code));
  const plans = locality.practices.map((p) => planPractice(locality, p, seed, fraction, providers));
  const nhs = nhsNumbers();
  const backlog = { recent: addWorkingDays(asOf, -5), older: addWorkingDays(asOf, -10) };
  let approvals = 0;

  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!isWorkingDay(day)) continue;
    const season = SEASON[Number(day.slice(5, 7)) - 1]!;
    const today: DemoReferral[] = [];
    for (const plan of plans) {
      const scale = listSizeAt(locality, plan.practice, day) / (plan.practice.listSizes[plan.practice.listSizes.length - 1] || 1);
      const count = poisson(plan.rnd, plan.perDay * season * scale);
      for (let k = 0; k < count; k++) {
        const referral = makeReferral(plan, day, nhs, providers);
        referral.outcome = decide(plan, referral, asOf, backlog, () => ++approvals);
        today.push(referral);
      }
    }
    // in the order they arrived (the sort is stable: equal times keep practice order)
    yield* today.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
  }
}

/** Valid NHS numbers 999 000 000x, 999 000 001x, …: the check digit completes each stem, invalid stems skipped. */
function nhsNumbers(): () => string {
  let stem = 999_000_000;
  return () => {
    for (; stem <= 999_999_999; stem++) {
      const check = nhsNumberCheckDigit(String(stem));
      if (check !== null) return `${stem++}${check}`;
    }
    throw new RangeError('Ran out of 999-range test NHS numbers: generate fewer referrals.');
  };
}

function makeReferral(plan: PracticePlan, day: string, nhs: () => string, providers: Set<string>): DemoReferral {
  const { rnd, practice } = plan;
  const specIndex = drawIndex(rnd, plan.reasonCumulative);
  const spec = DEMO_REASONS[specIndex]!;
  const receivedAt = stamp(day, minutes(rnd, 8 * 60, 18 * 60 + 30));
  const lag = rnd.next();
  const referralDate = addDays(day, lag < 0.7 ? 0 : lag < 0.9 ? -1 : -rnd.int(2, 4));

  // the patient: now and then someone referred before, else a new patient from the pyramid
  const fits = (age: number, sex: 'M' | 'F') => (!spec.sex || spec.sex === sex) && CURVES[spec.ages](age) > 0.02;
  let patient: ReferralInput['patient'] | undefined;
  if (plan.patients.length && rnd.next() < 0.08) {
    const earlier = rnd.pick(plan.patients);
    if (fits(earlier.age, earlier.sex)) patient = earlier.patient;
  }
  if (!patient) {
    let cum = plan.cellCumulative.get(specIndex);
    if (!cum) {
      cum = cumulative(plan.cells.map((c, i) => ((spec.sex && spec.sex !== c.sex) ? 0 : c.weight * CURVES[spec.ages](BAND_RANGES[Math.floor(i / 2)]!.mid))));
      plan.cellCumulative.set(specIndex, cum);
    }
    const cellIndex = drawIndex(rnd, cum);
    const cell = plan.cells[cellIndex]!;
    const band = BAND_RANGES[Math.floor(cellIndex / 2)]!;
    const age = rnd.int(band.lo, band.hi);
    const born = birthDate(referralDate, age, rnd);
    const era = Number(born.slice(0, 4)) < 1960 ? 0 : Number(born.slice(0, 4)) < 1990 ? 1 : 2;
    const nearby = rnd.next() < 0.7 ? { name: plan.town.name, districts: [plan.outward] } : plan.town;
    patient = {
      nhsNumber: nhs(),
      familyName: rnd.pick(SURNAMES),
      givenName: rnd.pick(GIVEN[cell.sex][era]!),
      birthDate: born,
      sex: cell.sex === 'M' ? 'male' : 'female',
      postcode: postcode(nearby, rnd),
    };
    // remember recent patients for the occasional second referral
    if (plan.patients.length < 400) plan.patients.push({ patient, age, sex: cell.sex });
    else plan.patients[rnd.int(0, 399)] = { patient, age, sex: cell.sex };
  }

  // priority; now and then a suspected cancer sent routine on the specialty's pathway (caught by its exclusion)
  let priority: Priority = spec.twoWeekWait ? '2ww' : rnd.next() < (spec.urgent ?? 0.14) ? 'urgent' : 'routine';
  let pathwayCode: string | null = spec.pathway && rnd.next() < 0.95 ? spec.pathway : null;
  if (spec.twoWeekWait && rnd.next() < 0.04) {
    const pathway = PATHWAYS.find((p) => p.tfc === spec.tfc);
    if (pathway) {
      priority = 'routine';
      pathwayCode = pathway.code;
    }
  }
  const clinicalInfo = pathwayCode ? clinicalInfoFor(pathwayCode, rnd.next() < plan.completeness, rnd, referralDate) : {};
  const procedureCode = spec.procedure && rnd.next() < spec.procedure.share ? spec.procedure.code : null;

  plan.sequence += 1;
  const input: ReferralInput = {
    externalId: `${practice.code}-${String(plan.sequence).padStart(6, '0')}`,
    practiceCode: practice.code,
    clinician: rnd.pick(plan.clinicians),
    patient,
    tfc: spec.tfc,
    reason: { system: 'icd10', code: spec.code, display: spec.display },
    priority,
    chosenProviders: chooseProviders(plan, spec.tfc, priority, providers),
    pathwayCode,
    clinicalInfo,
    procedureCode,
    referralDate,
  };
  return { input, receivedAt, outcome: null };
}

function birthDate(referralDate: string, age: number, rnd: Random): string {
  const year = Number(referralDate.slice(0, 4)) - age;
  // a birthday within the year before the referral date's anniversary: exactly `age` on the day
  const anniversary = `${year}${referralDate.slice(4)}` === `${year}-02-29` ? `${year}-02-28` : `${year}${referralDate.slice(4)}`;
  return addDays(anniversary, -rnd.int(0, 364));
}

function chooseProviders(plan: PracticePlan, tfc: string, priority: Priority, providers: Set<string>): string[] {
  const { rnd } = plan;
  const acutes = ACUTES.filter((p) => providers.has(p));
  const pool = [...acutes, ...(priority !== '2ww' && ELECTIVE.has(tfc) ? INDEPENDENTS.filter((p) => providers.has(p)) : [])];
  let first = plan.localAcute;
  if (rnd.next() >= 0.85) {
    const others = pool.filter((p) => p !== plan.localAcute);
    if (others.length) first = rnd.pick(others);
  }
  const chosen = [first];
  const roll = rnd.next();
  const wanted = roll < 0.6 ? 1 : roll < 0.88 ? 2 : 3;
  const rest = pool.filter((p) => p !== first);
  while (chosen.length < wanted && rest.length) chosen.push(rest.splice(rnd.int(0, rest.length - 1), 1)[0]!);
  return chosen;
}

function decide(plan: PracticePlan, referral: DemoReferral, asOf: string, backlog: { recent: string; older: string }, nextApproval: () => number): DemoReferralOutcome | null {
  const { rnd } = plan;
  const { input, receivedAt } = referral;
  const day = receivedAt.slice(0, 10);
  const done = (timestamp: string) => timestamp.slice(0, 10) <= asOf;

  if (input.priority === '2ww') {
    const at = decisionTime(rnd, receivedAt, rnd.int(0, 2));
    if (!done(at)) return null;
    const provider = input.chosenProviders[0]!;
    return withBooking({ action: 'book', reason: 'Two-week-wait appointment booked', at, actor: DEMO_BOOKER }, at, provider, rnd.int(5, 13), true);
  }

  // triage: mostly within the 2-working-day service level, some late; a backlog in the last two
  // weeks before "today", so the worklists have content and some of it is overdue
  const roll = rnd.next();
  const delay = roll < 0.25 ? 0 : roll < 0.6 ? 1 : roll < 0.86 ? 2 : roll < 0.94 ? 3 : rnd.int(4, 6);
  const at = decisionTime(rnd, receivedAt, delay);
  const waiting = rnd.next();
  if (!done(at) || (day > backlog.recent && waiting < 0.5) || (day > backlog.older && waiting < 0.25)) return null;

  const spec = DEMO_REASONS.find((s) => s.code === input.reason.code && s.tfc === input.tfc)!;
  const pathway = input.pathwayCode ? PATHWAY_BY_CODE.get(input.pathwayCode) : undefined;
  const results = pathway ? evaluatePathway(pathway.criteria, input) : [];
  const missed = results.filter((x) => !x.met);
  const services = (spec.divert ?? []).filter((code) => SERVICE_BY_CODE.has(code));

  // a suspected cancer sent routine: the reviewer sends it back for a two-week-wait referral, or upgrades it
  if (spec.twoWeekWait) {
    return rnd.next() < 0.5
      ? { action: 'return_with_advice', reason: 'Suspected cancer: needs a two-week-wait referral', advice: 'Please re-refer today on the two-week-wait pathway.', at, actor: DEMO_REVIEWER }
      : withBooking({ action: 'forward', reason: 'Suspected cancer: forwarded at once, upgraded by the reviewer', forwardTo: input.chosenProviders[0]!, at, actor: DEMO_REVIEWER }, at, input.chosenProviders[0]!, rnd.int(5, 13), true);
  }

  const weights = CHOICES.map((choice) => {
    let w = BASE_WEIGHTS[choice] * plan.outcomeBias[choice];
    if (choice === 'divert' && !services.length) return 0;
    if (choice === 'forward' && !services.length) w += BASE_WEIGHTS.divert * plan.outcomeBias.divert * 0.8;
    if (pathway && missed.length) w *= ({ forward: 0.4, divert: 1, return_with_advice: 1.8, request_info: 4, discuss_with_gp: 1 } as const)[choice];
    if (pathway && !missed.length && choice === 'request_info') w *= 0.3;
    if (input.priority === 'urgent') w *= ({ forward: 1.6, divert: 0.4, return_with_advice: 0.4, request_info: 0.8, discuss_with_gp: 1 } as const)[choice];
    if (input.procedureCode && choice === 'return_with_advice') w *= 1.5;
    return w;
  });
  const choice = CHOICES[drawIndex(rnd, cumulative(weights))]!;

  switch (choice) {
    case 'forward': {
      const provider = input.chosenProviders[0]!;
      const outcome: DemoReferralOutcome = {
        action: 'forward', at, actor: DEMO_REVIEWER, forwardTo: provider,
        reason: pathway && !missed.length ? 'Meets the pathway criteria' : rnd.pick(FORWARD_REASONS),
      };
      if (input.procedureCode && PRIOR_APPROVAL.has(input.procedureCode)) {
        outcome.priorApproval = { reference: `PA-${at.slice(0, 4)}-${String(nextApproval()).padStart(5, '0')}`, at, actor: DEMO_REVIEWER };
        outcome.reason = 'Meets the prior-approval criteria';
      }
      return rnd.next() < 0.85 ? withBooking(outcome, at, provider, input.priority === 'urgent' ? rnd.int(7, 28) : rnd.int(14, 126), false) : outcome;
    }
    case 'divert': {
      const service = SERVICE_BY_CODE.get(rnd.pick(services))!;
      const outcome: DemoReferralOutcome = { action: 'divert', divertTo: service.code, reason: `Suitable for ${service.name}`, at, actor: DEMO_REVIEWER };
      return service.providerCode && rnd.next() < 0.8 ? withBooking(outcome, at, service.providerCode, rnd.int(10, 60), false) : outcome;
    }
    case 'return_with_advice': {
      const advice = rnd.pick(ADVICE[input.tfc] ?? GENERIC_ADVICE);
      const reason = input.procedureCode && PRIOR_APPROVAL.has(input.procedureCode) ? 'Does not meet the prior-approval criteria' : 'Can be managed in primary care';
      return { action: 'return_with_advice', reason, advice, at, actor: DEMO_REVIEWER };
    }
    case 'request_info':
      return { action: 'request_info', reason: missed.length ? `Please send: ${missed.map((x) => x.label.toLowerCase()).join('; ')}` : rnd.pick(INFO_REASONS), at, actor: DEMO_REVIEWER };
    case 'discuss_with_gp':
      return { action: 'discuss_with_gp', reason: rnd.pick(DISCUSS_REASONS), at, actor: DEMO_REVIEWER };
  }

  /** Adds the booking when it happened by asOf: booked a few working days on, seen `wait` days later. */
  function withBooking(outcome: DemoReferralOutcome, after: string, provider: string, wait: number, fast: boolean): DemoReferralOutcome {
    const bookedAt = outcome.action === 'book' ? after : decisionTime(rnd, after, fast ? rnd.int(0, 1) : rnd.int(1, 10));
    if (!done(bookedAt)) return outcome;
    return {
      ...outcome,
      bookedAt, bookedBy: DEMO_BOOKER, bookedProvider: provider,
      bookedDate: nextWorkingDayFrom(addDays(bookedAt.slice(0, 10), wait)),
    };
  }
}
