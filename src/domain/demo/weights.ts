/**
 * Demo capitation weights (FIN-1): a plausible weights.csv for the usual service lines, relative
 * cost per head by sex and five-year age band, shaped as national weights are: older people weigh
 * more for elective and (much more) non-elective care, prescribing and community services; small
 * children and the very old for A&E; women of child-bearing age for outpatients, non-elective and
 * community care (maternity); young and middle-aged adults, then the very old (dementia), for
 * mental health. Hand-made for the demo, not published figures. Adults of 35-39 weigh about 1.
 */
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';

export interface DemoWeightRow { serviceLine: string; sex: Sex; ageBand: AgeBand; weight: string }

type Profile = Record<Sex, readonly number[]>;

/** One weight per age band, youngest first (0-4 … 95+), for each sex. */
export const DEMO_WEIGHT_PROFILES: Readonly<Record<string, Profile>> = {
  elective: {
    M: [0.35, 0.25, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.9, 1.05, 1.3, 1.6, 1.95, 2.35, 2.7, 2.9, 2.85, 2.5, 2.0, 1.6],
    F: [0.3, 0.22, 0.25, 0.4, 0.6, 0.75, 0.85, 0.95, 1.1, 1.25, 1.4, 1.6, 1.85, 2.15, 2.45, 2.6, 2.5, 2.2, 1.8, 1.4],
  },
  non_elective: {
    M: [1.3, 0.35, 0.35, 0.5, 0.55, 0.55, 0.6, 0.65, 0.75, 0.9, 1.1, 1.4, 1.8, 2.4, 3.2, 4.3, 5.6, 7.0, 8.2, 9.0],
    F: [1.1, 0.3, 0.35, 0.6, 0.75, 0.85, 0.85, 0.75, 0.75, 0.85, 1.0, 1.2, 1.55, 2.05, 2.8, 3.8, 5.0, 6.4, 7.6, 8.4],
  },
  outpatients: {
    M: [0.9, 0.55, 0.55, 0.55, 0.5, 0.55, 0.6, 0.7, 0.8, 0.95, 1.15, 1.35, 1.6, 1.85, 2.1, 2.25, 2.25, 2.1, 1.8, 1.5],
    F: [0.8, 0.5, 0.55, 0.75, 1.0, 1.25, 1.35, 1.2, 1.1, 1.2, 1.35, 1.5, 1.7, 1.9, 2.1, 2.2, 2.15, 1.95, 1.65, 1.35],
  },
  ae: {
    M: [2.2, 1.1, 1.15, 1.45, 1.5, 1.3, 1.15, 1.05, 1.0, 0.95, 0.95, 0.95, 1.0, 1.1, 1.3, 1.6, 2.0, 2.5, 2.9, 3.1],
    F: [1.9, 0.95, 1.0, 1.35, 1.35, 1.15, 1.05, 0.95, 0.9, 0.9, 0.9, 0.9, 0.95, 1.05, 1.25, 1.55, 1.95, 2.45, 2.8, 3.0],
  },
  prescribing: {
    M: [0.35, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.55, 0.7, 0.9, 1.2, 1.55, 2.0, 2.5, 3.0, 3.4, 3.6, 3.6, 3.4, 3.1],
    F: [0.3, 0.25, 0.3, 0.45, 0.55, 0.6, 0.65, 0.7, 0.85, 1.05, 1.3, 1.6, 1.95, 2.4, 2.85, 3.2, 3.4, 3.4, 3.2, 2.9],
  },
  community: {
    M: [0.8, 0.3, 0.3, 0.25, 0.2, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8, 1.1, 1.6, 2.5, 4.0, 6.0, 8.0, 9.5],
    F: [0.75, 0.3, 0.3, 0.3, 0.35, 0.45, 0.5, 0.4, 0.35, 0.4, 0.5, 0.6, 0.8, 1.15, 1.75, 2.8, 4.5, 6.8, 9.0, 10.5],
  },
  mental_health: {
    M: [0.1, 0.3, 0.6, 1.2, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 0.95, 0.8, 0.75, 0.8, 1.0, 1.4, 1.8, 2.0, 2.0],
    F: [0.1, 0.25, 0.6, 1.3, 1.3, 1.25, 1.2, 1.15, 1.1, 1.05, 1.0, 0.9, 0.75, 0.7, 0.8, 1.05, 1.5, 1.95, 2.2, 2.2],
  },
};

export const DEMO_SERVICE_LINES = Object.keys(DEMO_WEIGHT_PROFILES);

/** The rows of the demo weights.csv: every service line × sex × age band (7 × 40 = 280). */
export function demoWeights(): DemoWeightRow[] {
  return Object.entries(DEMO_WEIGHT_PROFILES).flatMap(([serviceLine, profile]) => (['M', 'F'] as const).flatMap((sex) =>
    AGE_BANDS.map((ageBand, i) => ({ serviceLine, sex, ageBand, weight: profile[sex][i]!.toFixed(2) }))));
}
