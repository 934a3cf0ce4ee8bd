/**
 * Registered population of the demo practices (ORG-2), one row per practice × period × sex ×
 * age band, yielded lazily: a million rows for 6,500 practices never sit in memory at once.
 */
import type { AgeBand, Sex } from '../population/age-bands.js';
import type { DemoLocality, DemoPractice } from './locality.js';
import { apportion, pyramidWeights } from './pyramid.js';
import { createRandom, subSeed } from './random.js';

export interface DemoPopulationRow { practiceCode: string; period: string; sex: Sex; ageBand: AgeBand; patients: number }

/** One practice's rows for every period; its pyramid comes from its own seeded stream. */
export function* practicePopulation(locality: DemoLocality, practice: DemoPractice): Generator<DemoPopulationRow> {
  const cells = pyramidWeights(practice.profile, createRandom(subSeed(locality.seed, 2, practice.index)));
  const weights = cells.map((c) => c.weight);
  for (let p = 0; p < locality.periods.length; p++) {
    const counts = apportion(practice.listSizes[p]!, weights);
    for (let k = 0; k < cells.length; k++) {
      yield { practiceCode: practice.code, period: locality.periods[p]!, sex: cells[k]!.sex, ageBand: cells[k]!.ageBand, patients: counts[k]! };
    }
  }
}

export function* populationRows(locality: DemoLocality): Generator<DemoPopulationRow> {
  for (const practice of locality.practices) yield* practicePopulation(locality, practice);
}

export const populationRowCount = (locality: DemoLocality) => locality.practices.length * locality.periods.length * 40;
