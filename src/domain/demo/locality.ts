/**
 * The demo locality (ORG-1, ORG-2): a commissioner, its localities/consortia/federations,
 * practices and providers, generated from a seed. Pure and deterministic: the same seed and
 * size always give the same locality. Population rows are produced lazily (population.ts),
 * so a national-size run (6,500 practices) holds only the small organisation lists in memory.
 */
import { AREA_WORDS, postcode, practiceName, TOWNS, type Town } from './places.js';
import { generateProviders, type DemoProvider } from './providers.js';
import type { PracticeProfile } from './pyramid.js';
import { createRandom, subSeed, type Random } from './random.js';

export const DEFAULT_SEED = 20261123;
export const DEFAULT_PRACTICES = 20;
export const MAX_PRACTICES = 50_000;
/** Quarterly list-size extraction dates. */
export const DEMO_PERIODS = ['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01'] as const;
export const MIN_LIST_SIZE = 2_000;
export const MAX_LIST_SIZE = 20_000;

export type GroupKind = 'locality' | 'consortium' | 'federation';

export interface DemoCommissioner { code: string; name: string }
export interface DemoGroup { code: string; name: string; kind: GroupKind; commissionerCode: string }
export interface DemoPractice {
  /** position in the locality; seeds the practice's own population stream */
  index: number;
  code: string;
  name: string;
  postcode: string;
  groupCode: string;
  commissionerCode: string;
  profile: PracticeProfile;
  /** list size at each of `periods` */
  listSizes: number[];
}

export interface DemoLocality {
  seed: number;
  commissioner: DemoCommissioner;
  groups: DemoGroup[];
  practices: DemoPractice[];
  providers: DemoProvider[];
  periods: readonly string[];
}

export interface LocalityOptions { seed?: number; practices?: number }

const COMMISSIONER: DemoCommissioner = { code: 'QM7', name: 'Hertfordshire and West Essex ICB' };

interface GroupPlan extends DemoGroup { towns: Town[] }

const town = (name: string) => TOWNS.find((t) => t.name === name)!;

/** The three hand-named groups every demo has; larger demos add one group per ~8 practices. */
const DEFAULT_GROUPS: readonly Omit<GroupPlan, 'commissionerCode'>[] = [
  { code: 'DAC', name: 'Dacorum Beacon Locality', kind: 'locality', towns: ['Hemel Hempstead', 'Berkhamsted', 'Tring', 'Kings Langley'].map(town) },
  { code: 'SAH', name: 'St Albans and Harpenden Consortium', kind: 'consortium', towns: ['St Albans', 'Harpenden', 'Hatfield'].map(town) },
  { code: 'HEF', name: 'Harlow and Epping Health Federation', kind: 'federation', towns: ['Harlow', 'Epping', 'Sawbridgeworth'].map(town) },
];
const KIND_LABEL: Record<GroupKind, string> = { locality: 'Locality', consortium: 'Consortium', federation: 'Health Federation' };

/** Towns whose practices lean to one profile: a campus, new towns, rural and older places. */
const TOWN_PROFILE: Record<string, PracticeProfile> = {
  Hatfield: 'university', Harlow: 'young_families', Stevenage: 'young_families', Borehamwood: 'young_families',
  Tring: 'retirement', Royston: 'retirement', Buntingford: 'retirement', Sawbridgeworth: 'retirement',
  Harpenden: 'commuter', Berkhamsted: 'commuter', Rickmansworth: 'commuter', 'Potters Bar': 'commuter',
};

export function groupCount(practices: number): number {
  return practices <= DEFAULT_PRACTICES ? Math.min(DEFAULT_GROUPS.length, practices) : DEFAULT_GROUPS.length + Math.ceil((practices - DEFAULT_PRACTICES) / 8);
}

function generateGroups(count: number, random: Random): GroupPlan[] {
  const groups: GroupPlan[] = DEFAULT_GROUPS.slice(0, count).map((g) => ({ ...g, commissionerCode: COMMISSIONER.code }));
  for (let j = 0; groups.length < count; j++) {
    // Names from the index, not the dice, so hundreds of groups stay unique by construction.
    const home = TOWNS[j % TOWNS.length]!;
    const area = AREA_WORDS[Math.floor(j / TOWNS.length) % AREA_WORDS.length]!;
    const round = Math.floor(j / (TOWNS.length * AREA_WORDS.length));
    const roll = random.next();
    const kind: GroupKind = roll < 0.6 ? 'locality' : roll < 0.85 ? 'consortium' : 'federation';
    const abbreviation = home.name.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
    groups.push({
      code: `${abbreviation}${String(groups.length + 1).padStart(3, '0')}`,
      name: `${home.name} ${area} ${KIND_LABEL[kind]}${round ? ` ${round + 1}` : ''}`,
      kind, commissionerCode: COMMISSIONER.code, towns: [home],
    });
  }
  return groups;
}

/** ODS-shaped prefixes, E82 (Hertfordshire) first; each holds codes 001–999. */
const PREFIX_LETTERS = ['E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Y', 'A', 'B', 'C', 'D'];
const PREFIXES = PREFIX_LETTERS.flatMap((l) => [82, 81, 83, 84, 85, 86, 87, 88, 89].map((n) => `${l}${n}`));

/** Unique practice codes in ascending order with occasional gaps, like a real ODS list. */
function* practiceCodes(random: Random): Generator<string> {
  let prefix = 0;
  let number = 1;
  for (;;) {
    if (number > 999) {
      prefix += 1;
      number = 1 + random.int(0, 2);
      if (prefix >= PREFIXES.length) throw new Error('ran out of demo practice codes');
    }
    yield `${PREFIXES[prefix]}${String(number).padStart(3, '0')}`;
    number += random.next() < 0.35 ? random.int(2, 4) : 1;
  }
}

function chooseProfile(home: Town, random: Random): PracticeProfile {
  const lean = TOWN_PROFILE[home.name];
  // a town has one campus practice at most, so the student lean is rare
  if (lean && random.next() < (lean === 'university' ? 0.1 : 0.35)) return lean;
  const roll = random.next();
  return roll < 0.62 ? 'typical' : roll < 0.76 ? 'young_families' : roll < 0.88 ? 'commuter' : 'retirement';
}

/** Baseline list size (median ~8,500), then small quarterly growth; always 2,000–20,000. */
function listSizes(profile: PracticeProfile, periods: number, random: Random): number[] {
  const median = profile === 'university' ? 11_000 : profile === 'retirement' ? 7_000 : 8_500;
  // Redraw rather than clamp, so no crowd of practices sits exactly on a limit.
  let size = 0;
  for (let tries = 0; tries < 50 && (size < 2_200 || size > 19_000); tries++) size = Math.round(median * Math.exp(0.45 * random.normal()));
  size = Math.min(19_000, Math.max(2_200, size));
  const sizes = [size];
  for (let p = 1; p < periods; p++) {
    const growth = Math.min(0.015, Math.max(-0.005, 0.004 + 0.004 * random.normal()));
    size = Math.min(MAX_LIST_SIZE, Math.max(MIN_LIST_SIZE, Math.round(size * (1 + growth))));
    sizes.push(size);
  }
  return sizes;
}

export function generateLocality(options: LocalityOptions = {}): DemoLocality {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.practices ?? DEFAULT_PRACTICES;
  if (!Number.isSafeInteger(seed)) throw new RangeError('The seed must be a whole number.');
  if (!Number.isInteger(count) || count < 1 || count > MAX_PRACTICES) throw new RangeError(`The number of practices must be 1 to ${MAX_PRACTICES}.`);

  // Separate streams, so growing the practice count never reshuffles the providers.
  const groupRandom = createRandom(subSeed(seed, 1));
  const codeRandom = createRandom(subSeed(seed, 3));
  const groups = generateGroups(groupCount(count), groupRandom);
  const providers = generateProviders(count, createRandom(subSeed(seed, 4)));
  const codes = practiceCodes(codeRandom);
  const names = new Set<string>();
  const practices: DemoPractice[] = [];
  for (let i = 0; i < count; i++) {
    const random = createRandom(subSeed(seed, 5, i));
    const group = groups[Math.floor((i * groups.length) / count)]!;
    // Every 20 practices include one older, rural list and one campus list.
    const forced: PracticeProfile | undefined = i % 20 === 2 ? 'retirement' : i % 20 === 9 ? 'university' : undefined;
    const home = (forced && group.towns.find((t) => TOWN_PROFILE[t.name] === forced)) || random.pick(group.towns);
    const profile = forced ?? chooseProfile(home, random);
    practices.push({
      index: i,
      code: codes.next().value as string,
      name: practiceName(home, random, names),
      postcode: postcode(home, random),
      groupCode: group.code,
      commissionerCode: COMMISSIONER.code,
      profile,
      listSizes: listSizes(profile, DEMO_PERIODS.length, random),
    });
  }
  return {
    seed,
    commissioner: { ...COMMISSIONER },
    groups: groups.map(({ towns: _towns, ...g }) => g),
    practices,
    providers,
    periods: DEMO_PERIODS,
  };
}
