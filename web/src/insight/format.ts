/** Numbers on the insight pages: rates and ratios to a sensible precision, a dash for none. */
const two = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const NONE = '–';
export const formatRate = (value: number | null | undefined) => (value === null || value === undefined ? NONE : two.format(value));
export const formatExpected = (value: number | null | undefined) => (value === null || value === undefined ? NONE : one.format(value));
export const formatWhole = (value: number | null | undefined) => (value === null || value === undefined ? NONE : whole.format(value));
export const formatInterval = (lower: number | null, upper: number | null) => (lower === null || upper === null ? '' : `${two.format(lower)} to ${two.format(upper)}`);

/** "referrals_per_1000" measures are per 1,000 patients; ratios of counts are per 1. */
export const unitOf = (per: number) => (per === 1 ? '' : ` per ${whole.format(per)}`);

export const COLOURS = {
  practice: '#005eb8',
  highlight: '#d5281b',
  limit95: '#768692',
  limit998: '#212b32',
  target: '#007f3b',
  band: '#d8dde0',
  text: '#212b32',
  grid: '#d8dde0',
};
