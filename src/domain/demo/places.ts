/**
 * Word lists for the demo locality: towns of Hertfordshire and West Essex with their real
 * postcode districts, and the parts practice names are made from.
 */
import type { Random } from './random.js';

export interface Town { name: string; districts: readonly string[] }

export const TOWNS: readonly Town[] = [
  { name: 'Hemel Hempstead', districts: ['HP1', 'HP2', 'HP3'] },
  { name: 'Berkhamsted', districts: ['HP4'] },
  { name: 'Tring', districts: ['HP23'] },
  { name: 'St Albans', districts: ['AL1', 'AL3', 'AL4'] },
  { name: 'Harpenden', districts: ['AL5'] },
  { name: 'Harlow', districts: ['CM17', 'CM18', 'CM19', 'CM20'] },
  { name: 'Epping', districts: ['CM16'] },
  { name: 'Sawbridgeworth', districts: ['CM21'] },
  { name: 'Watford', districts: ['WD17', 'WD18', 'WD19', 'WD24', 'WD25'] },
  { name: 'Rickmansworth', districts: ['WD3'] },
  { name: 'Borehamwood', districts: ['WD6'] },
  { name: 'Hatfield', districts: ['AL9', 'AL10'] },
  { name: 'Welwyn Garden City', districts: ['AL7', 'AL8'] },
  { name: 'Stevenage', districts: ['SG1', 'SG2'] },
  { name: 'Hitchin', districts: ['SG4', 'SG5'] },
  { name: 'Letchworth', districts: ['SG6'] },
  { name: 'Royston', districts: ['SG8'] },
  { name: 'Ware', districts: ['SG12'] },
  { name: 'Hertford', districts: ['SG13', 'SG14'] },
  { name: "Bishop's Stortford", districts: ['CM22', 'CM23'] },
  { name: 'Cheshunt', districts: ['EN7', 'EN8'] },
  { name: 'Hoddesdon', districts: ['EN11'] },
  { name: 'Potters Bar', districts: ['EN6'] },
  { name: 'Buntingford', districts: ['SG9'] },
  { name: 'Kings Langley', districts: ['WD4'] },
];

// Letters used in the inward code of real postcodes (never C, I, K, M, O, V).
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export function postcode(town: Town, random: Random): string {
  const letter = () => INWARD_LETTERS[random.int(0, INWARD_LETTERS.length - 1)]!;
  return `${random.pick(town.districts)} ${random.int(1, 9)}${letter()}${letter()}`;
}

/** First and second halves of made-up place names: Bridge + water, Park + wood, … */
const NAME_HEADS = [
  'Bridge', 'Park', 'Oak', 'Elm', 'Ash', 'Beech', 'Holly', 'Willow', 'Birch', 'Maple',
  'Castle', 'Mill', 'Church', 'Abbey', 'Priory', 'King', 'Queen', 'Stone', 'Red', 'Green',
  'White', 'Black', 'Fair', 'Lang', 'Long', 'High', 'Hazel', 'Cedar', 'Rose', 'Lark',
  'Swan', 'Kingfisher', 'Heron', 'Meadow', 'Orchard', 'Spring', 'Wych', 'Chester', 'Wood', 'Thorn',
  'Brook', 'Ridge', 'Moor', 'Lime', 'Poplar', 'Bramble', 'Fern', 'Hawthorn', 'Sand', 'Chalk',
];
const NAME_TAILS = [
  'water', 'wood', 'field', 'lands', 'gate', 'brook', 'mead', 'croft', 'hill', 'side',
  'ford', 'way', 'dale', 'leigh', 'hurst', 'stead', 'bury', 'ton', 'well', 'lea',
  'bank', 'cross', 'grove', 'haven', 'moor', 'court', 'vale', 'down', 'acre', 'mere',
];
const NAME_SUFFIXES = ['Surgery', 'Medical Centre', 'Health Centre', 'Medical Practice', 'Family Practice', 'Group Practice', 'Partnership'];

/** A practice name not yet in `taken` (which it joins). */
export function practiceName(town: Town, random: Random, taken: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const head = random.pick(NAME_HEADS);
    let tail = random.pick(NAME_TAILS);
    if (head.toLowerCase().endsWith(tail[0]!)) tail = random.pick(NAME_TAILS); // avoid "Brookkeep"-style doubles, mostly
    const name = `${head}${tail} ${random.pick(NAME_SUFFIXES)}`;
    if (!taken.has(name)) return keep(taken, name);
  }
  // The list is nearly used up (thousands of practices): qualify by town, then number.
  const base = `${random.pick(NAME_HEADS)}${random.pick(NAME_TAILS)} ${random.pick(NAME_SUFFIXES)}, ${town.name}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  return keep(taken, name);
}

function keep(taken: Set<string>, name: string) {
  taken.add(name);
  return name;
}

/** Parts of the names of localities beyond the hand-named default ones. */
export const AREA_WORDS = ['North', 'South', 'East', 'West', 'Central', 'Rural', 'Town', 'Valley', 'Villages', 'Rivers', 'Garden', 'Gateway'];
