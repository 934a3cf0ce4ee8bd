/**
 * Budget service lines (FIN-2) and how hospital activity falls into them. A practice's spend on a
 * service line is its priced activity at the line's points of delivery (and, in scope, specialties)
 * plus any spend recorded outside activity (prescribing, community, mental health: `other_spend`).
 *
 * Points of delivery → service lines (the one mapping; budgets read spend through it):
 *   OPFA, OPFU, OPPROC → outpatients;  DC, EL → elective;  NEL → non_elective;  AE → ae.
 * prescribing, community and mental_health have no activity lines: their spend is imported.
 */
import type { Pod } from '../activity/pricing.js';
import { serviceLineLabel, USUAL_SERVICE_LINES } from './weights.js';

/** The service lines budgets are set for (FIN-2): the usual lines of weights.csv. */
export const SERVICE_LINES = USUAL_SERVICE_LINES;
export type ServiceLine = (typeof SERVICE_LINES)[number];

export const SERVICE_LINE_LABELS = Object.fromEntries(SERVICE_LINES.map((l) => [l, serviceLineLabel(l)])) as Record<ServiceLine, string>;

/** The points of delivery whose priced activity is a service line's spend ([] = none: imported spend only). */
export const SERVICE_LINE_PODS: Record<ServiceLine, readonly Pod[]> = {
  outpatients: ['OPFA', 'OPFU', 'OPPROC'],
  elective: ['DC', 'EL'],
  non_elective: ['NEL'],
  ae: ['AE'],
  prescribing: [],
  community: [],
  mental_health: [],
};

/** The service line a point of delivery's activity counts against. */
export function serviceLineOfPod(pod: Pod): ServiceLine {
  for (const line of SERVICE_LINES) if (SERVICE_LINE_PODS[line].includes(pod)) return line;
  throw new RangeError(`no service line for point of delivery ${pod}`);
}

export const isServiceLine = (text: string): text is ServiceLine => (SERVICE_LINES as readonly string[]).includes(text);
