/**
 * Case finding's clinical rules (ACT-7): which main diagnoses (ICD-10, dotted) mark the conditions
 * the seed's scheme names — COPD (J44), heart failure (I50) and falls (R29.6 "repeated falls";
 * W00–W19 are the external causes of a fall) — and how a patient is labelled for people who may
 * not see who they are.
 */
export const CONDITION_FLAGS = {
  copd: { label: 'COPD', matches: (code: string) => code.startsWith('J44') },
  heartFailure: { label: 'Heart failure', matches: (code: string) => code.startsWith('I50') },
  falls: { label: 'Falls', matches: (code: string) => code.startsWith('R29.6') || /^W(0\d|1[0-9])/.test(code) },
} as const;
export type ConditionFlag = keyof typeof CONDITION_FLAGS;

/** The conditions a patient's diagnoses flag, in a fixed order. */
export const conditionFlags = (diagnoses: readonly string[]): ConditionFlag[] =>
  (Object.keys(CONDITION_FLAGS) as ConditionFlag[]).filter((flag) => diagnoses.some((d) => CONDITION_FLAGS[flag].matches(d)));

/** A pseudonym shown to people: short, stable, and meaningless without the key. */
export const pseudonymLabel = (pseudo: string) => `P-${pseudo.slice(0, 8).toUpperCase()}`;
