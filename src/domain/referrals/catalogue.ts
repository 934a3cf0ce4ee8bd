/**
 * The demo catalogue for the referral gateway (REF-3, REF-4, REF-12): pathways with their
 * criteria, the community services a reviewer can divert to, and the procedures that need prior
 * approval. Plain data, shaped like the `pathway`, `community_service` and
 * `prior_approval_procedure` tables; administrators edit the stored copies in the web app.
 *
 * The criteria paraphrase the kind of rule NICE guidance and the NHS England Evidence-Based
 * Interventions programme set out; they are demo content, not clinical advice. Every
 * `clinicalInfo` key is snake_case; `pathwayQuestions(criteria)` turns them into form inputs.
 */
import type { PathwayCriterion } from './pathway.js';

export interface PathwayDefinition {
  /** lower-case letters, digits and hyphens (the table's check) */
  code: string;
  name: string;
  /** treatment function code of the specialty */
  tfc: string;
  description: string;
  criteria: PathwayCriterion[];
}

export interface CommunityServiceDefinition {
  code: string;
  name: string;
  /** the specialty it serves, when specific */
  tfc: string | null;
  /** ODS code of the provider running it (a demo provider) */
  providerCode: string | null;
  description: string;
}

export interface PriorApprovalDefinition {
  /** OPCS-4 code as the commissioner lists it: a category (`L85`) or a subcategory (`A65.1`) */
  code: string;
  name: string;
  tfc: string | null;
  /** when the commissioner funds it, for the reviewer approving it */
  criteria: string;
}

export const PATHWAYS: readonly PathwayDefinition[] = [
  {
    code: 'knee-pain',
    name: 'Orthopaedics: adult knee pain',
    tfc: '110',
    description: 'Adults with knee pain, usually osteoarthritis or degenerative meniscal change, considered for surgical opinion after core treatment in primary care.',
    criteria: [
      { id: 'duration', kind: 'threshold', label: 'Duration of symptoms', field: 'symptom_months', operator: '>=', value: 3, unit: 'months', hint: 'How long the knee has been painful.' },
      { id: 'xray', kind: 'required_test', label: 'Weight-bearing knee X-ray', test: 'knee_xray', hint: 'Standing AP and lateral views within the last 12 months: give the date and the report’s conclusion.' },
      { id: 'physio', kind: 'required_field', label: 'Physiotherapy or exercise programme tried for 6 weeks or more', field: 'physio_tried', input: 'yes-no' },
      { id: 'analgesia', kind: 'required_field', label: 'Pain relief tried', field: 'analgesia_tried', hint: 'Medicines and doses, e.g. paracetamol, topical NSAID.' },
      { id: 'bmi', kind: 'required_field', label: 'Body mass index', field: 'bmi', input: 'number', unit: 'kg/m²', hint: 'Recorded in the last 12 months; weight-loss support is offered alongside referral.' },
      { id: 'not-acute', kind: 'excluded_diagnosis', label: 'Not for septic arthritis, suspected bone tumour or an acute knee injury', codes: ['M00', 'C40', 'S83'], hint: 'Refer these urgently by phone or to the fracture clinic.' },
    ],
  },
  {
    code: 'dermatology',
    name: 'Dermatology: skin conditions (not suspected cancer)',
    tfc: '330',
    description: 'Inflammatory skin disease, acne and benign lesions that have not settled with primary-care treatment. Suspected skin cancer goes on the two-week-wait pathway.',
    criteria: [
      { id: 'duration', kind: 'threshold', label: 'Duration of the condition', field: 'symptom_months', operator: '>=', value: 3, unit: 'months' },
      { id: 'treatments', kind: 'required_field', label: 'Treatments tried, and for how long', field: 'treatments_tried', hint: 'e.g. emollients and a potent topical steroid for 8 weeks.' },
      { id: 'photo', kind: 'required_field', label: 'Photograph of the affected skin attached', field: 'photo_attached', input: 'yes-no', hint: 'A dermatoscopic image for a lesion.' },
      { id: 'impact', kind: 'required_field', label: 'Impact on daily life', field: 'impact_on_life', hint: 'Sleep, work, school; a DLQI score if measured.' },
      { id: 'not-melanoma', kind: 'excluded_diagnosis', label: 'Not for suspected melanoma: refer on the two-week-wait pathway', codes: ['C43', 'D03'] },
    ],
  },
  {
    code: 'ent-hearing',
    name: 'ENT: adult hearing loss',
    tfc: '120',
    description: 'Adults with hearing loss, unilateral or with other ear symptoms, needing an ENT opinion rather than hearing aids alone.',
    criteria: [
      { id: 'audiogram', kind: 'required_test', label: 'Pure-tone audiogram', test: 'audiogram', hint: 'From audiology within the last 6 months: the loss in each ear, in dB.' },
      { id: 'otoscopy', kind: 'required_field', label: 'Otoscopy findings', field: 'otoscopy' },
      { id: 'wax', kind: 'required_field', label: 'Ear wax excluded or removed', field: 'wax_excluded', input: 'yes-no' },
      { id: 'duration', kind: 'threshold', label: 'Duration of hearing loss', field: 'symptom_months', operator: '>=', value: 1, unit: 'months' },
      { id: 'not-sudden', kind: 'excluded_diagnosis', label: 'Not for sudden hearing loss or suspected head and neck cancer', codes: ['H91.2', 'C30', 'C31', 'C32'], hint: 'Sudden sensorineural loss: same-day ENT; suspected cancer: two-week wait.' },
    ],
  },
  {
    code: 'weight-management',
    name: 'Specialist weight management (Tier 3)',
    tfc: '302',
    description: 'Adults with severe obesity who have completed a Tier 2 lifestyle programme, for the specialist multidisciplinary service and, where suitable, bariatric surgery assessment.',
    criteria: [
      { id: 'bmi', kind: 'threshold', label: 'Body mass index', field: 'bmi', operator: '>=', value: 35, unit: 'kg/m²', hint: 'Measured in the last 3 months.' },
      { id: 'bmi40-or-comorbidity', kind: 'required_field', label: 'BMI 40 or more, or 35 to 39.9 with a significant weight-related condition', field: 'bmi_40_or_comorbidity', input: 'yes-no', hint: 'e.g. type 2 diabetes, hypertension, obstructive sleep apnoea.' },
      { id: 'hba1c', kind: 'required_test', label: 'HbA1c in the last 3 months', test: 'hba1c', unit: 'mmol/mol' },
      { id: 'tier2', kind: 'required_field', label: 'Tier 2 lifestyle weight management programme completed', field: 'tier2_completed', input: 'yes-no' },
      { id: 'no-eating-disorder', kind: 'excluded_diagnosis', label: 'Not for an active eating disorder', codes: ['F50'] },
    ],
  },
  {
    code: 'cataract',
    name: 'Ophthalmology: cataract',
    tfc: '130',
    description: 'Adults with cataract affecting vision, after an optometrist’s assessment, who want surgery.',
    criteria: [
      { id: 'acuity', kind: 'threshold', label: 'Best-corrected visual acuity in the affected eye (logMAR)', field: 'va_logmar', operator: '>=', value: 0.3, unit: 'logMAR', hint: 'Snellen 6/12 = 0.30, 6/18 = 0.48, 6/24 = 0.60, 6/9 = 0.18.' },
      { id: 'wishes-surgery', kind: 'required_field', label: 'Patient wishes to have surgery, having discussed risks and benefits', field: 'wishes_surgery', input: 'yes-no' },
      { id: 'impact', kind: 'required_field', label: 'Impact on daily life', field: 'impact_on_life', hint: 'Driving, reading, work, falls, glare.' },
      { id: 'optometrist', kind: 'required_test', label: 'Optometrist’s report', test: 'optometrist_report', hint: 'Date and findings of the sight test.' },
      { id: 'not-urgent-eye', kind: 'excluded_diagnosis', label: 'Not for macular degeneration or angle-closure glaucoma', codes: ['H35.3', 'H40.2'], hint: 'Wet macular degeneration and acute glaucoma go to their own urgent services.' },
    ],
  },
  {
    code: 'gynae-hmb',
    name: 'Gynaecology: heavy menstrual bleeding',
    tfc: '502',
    description: 'Heavy menstrual bleeding, with or without fibroids, not controlled by first-line treatment. Post-menopausal bleeding goes on the two-week-wait pathway.',
    criteria: [
      { id: 'ultrasound', kind: 'required_test', label: 'Pelvic ultrasound', test: 'pelvic_ultrasound', hint: 'Transvaginal where acceptable: date and findings (fibroids, size, endometrial thickness).' },
      { id: 'fbc', kind: 'required_test', label: 'Full blood count (haemoglobin)', test: 'haemoglobin', unit: 'g/L' },
      { id: 'treatments', kind: 'required_field', label: 'First-line treatments tried', field: 'treatments_tried', hint: 'LNG-IUS, tranexamic acid, NSAIDs, hormonal; how long each.' },
      { id: 'screening', kind: 'required_field', label: 'Date of last cervical screening', field: 'last_cervical_screening', input: 'date' },
      { id: 'not-pmb', kind: 'excluded_diagnosis', label: 'Not for post-menopausal bleeding or suspected gynaecological cancer', codes: ['N95.0', 'C53', 'C54', 'C56'] },
    ],
  },
];

export const COMMUNITY_SERVICES: readonly CommunityServiceDefinition[] = [
  { code: 'msk-cats', name: 'Community MSK clinical assessment and treatment service (CATS)', tfc: '110', providerCode: 'RY4', description: 'Extended-scope physiotherapists and GPs with extended roles assess joint, back and soft-tissue problems, give injections and refer on for surgery when needed.' },
  { code: 'community-physio', name: 'Community physiotherapy', tfc: '650', providerCode: 'RY4', description: 'Group and individual exercise programmes for knee and hip pain (ESCAPE-pain style) and other musculoskeletal problems.' },
  { code: 'tier2-weight', name: 'Tier 2 lifestyle weight management', tfc: '654', providerCode: 'RY4', description: '12-week group programme on diet, activity and behaviour change, led by dietitians.' },
  { code: 'community-dermatology', name: 'Community dermatology (GP with an extended role)', tfc: '330', providerCode: 'RY4', description: 'Eczema, psoriasis, acne and benign lesions; minor surgery; teledermatology advice.' },
  { code: 'audiology', name: 'Adult hearing service (direct access audiology)', tfc: '840', providerCode: 'RY4', description: 'Hearing assessment and hearing aids for adults with age-related hearing loss.' },
  { code: 'community-ent', name: 'Community ENT and microsuction clinic', tfc: '120', providerCode: 'NVC', description: 'Wax removal by microsuction, otitis externa, simple nasal and throat problems.' },
  { code: 'community-gynaecology', name: 'Community gynaecology (GP with an extended role)', tfc: '502', providerCode: 'RY4', description: 'Heavy menstrual bleeding, LNG-IUS fitting, menopause and pessary management.' },
  { code: 'community-ophthalmology', name: 'Community ophthalmology (optometrist-led)', tfc: '130', providerCode: 'NVC', description: 'Cataract assessment before listing, glaucoma monitoring and minor eye conditions.' },
  { code: 'community-cardiology', name: 'Community cardiology clinic', tfc: '320', providerCode: 'RY4', description: 'Palpitations, murmurs and breathlessness: ECG, ambulatory monitoring and echocardiography in the community.' },
];

export const PRIOR_APPROVAL_PROCEDURES: readonly PriorApprovalDefinition[] = [
  { code: 'L85', name: 'Ligation of varicose vein of leg', tfc: '107', criteria: 'Symptomatic varicose veins with bleeding, skin changes (C4 or worse), active or healed ulcer, or superficial thrombophlebitis; after duplex ultrasound.' },
  { code: 'L86', name: 'Injection into varicose vein of leg', tfc: '107', criteria: 'As for L85: not for cosmetic thread or spider veins.' },
  { code: 'L87', name: 'Other operations on varicose vein of leg', tfc: '107', criteria: 'As for L85.' },
  { code: 'A65.1', name: 'Carpal tunnel release', tfc: '110', criteria: 'Severe symptoms (constant numbness, wasting or weakness), or mild to moderate symptoms that have not improved after 3 months of splinting and a steroid injection.' },
  { code: 'D15.1', name: 'Myringotomy with insertion of ventilation tube through tympanic membrane (grommets)', tfc: '120', criteria: 'Children with persistent bilateral otitis media with effusion over 3 months and hearing loss of 25–30 dB or worse on audiometry, or with speech, language or developmental delay.' },
  { code: 'F34', name: 'Excision of tonsil', tfc: '120', criteria: 'Recurrent severe sore throat: 7 or more episodes in the last year, 5 or more a year for 2 years, or 3 or more a year for 3 years, each disabling.' },
  { code: 'W85', name: 'Therapeutic endoscopic operations on cavity of knee joint (knee arthroscopy)', tfc: '110', criteria: 'Not for knee osteoarthritis alone; only a locked knee from a meniscal tear or a confirmed mechanical cause on MRI.' },
  { code: 'T52.1', name: 'Palmar fasciectomy (Dupuytren’s contracture)', tfc: '110', criteria: 'Fixed flexion of 30 degrees or more at the metacarpophalangeal joint, or any fixed flexion at the proximal interphalangeal joint.' },
  { code: 'C13', name: 'Excision of redundant skin of eyelid (blepharoplasty)', tfc: '130', criteria: 'Upper-lid excess skin obstructing the visual field (documented on field testing); not for cosmetic reasons.' },
  { code: 'B31.1', name: 'Reduction mammoplasty', tfc: '160', criteria: 'Exceptional cases only: persistent back or shoulder pain or intertrigo despite a supporting bra and a healthy BMI (under 27).' },
  { code: 'S02.1', name: 'Abdominoplasty', tfc: '160', criteria: 'Not routinely funded; individual funding request after massive weight loss with functional problems only.' },
  { code: 'S06', name: 'Other excision of lesion of skin (benign skin lesions)', tfc: '330', criteria: 'Lesions that bleed, are infected, obstruct vision or an orifice, or are suspicious; not for cosmetic removal.' },
  { code: 'Q07', name: 'Abdominal excision of uterus (hysterectomy for heavy menstrual bleeding)', tfc: '502', criteria: 'Heavy menstrual bleeding after LNG-IUS and at least one other treatment has failed or is unsuitable, and the woman no longer wishes to conceive.' },
  { code: 'T20', name: 'Primary repair of inguinal hernia', tfc: '100', criteria: 'Symptomatic hernia, or enlarging, or hard to reduce; watchful waiting for painless hernias in men.' },
  { code: 'H51', name: 'Excision of haemorrhoid', tfc: '104', criteria: 'Grade III or IV haemorrhoids, or grade II not resolved after banding.' },
];

export const pathwayByCode = (code: string) => PATHWAYS.find((p) => p.code === code);
export const communityServiceByCode = (code: string) => COMMUNITY_SERVICES.find((s) => s.code === code);
