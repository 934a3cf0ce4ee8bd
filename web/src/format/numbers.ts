/** Numbers as people in the NHS write them: 12,345 and 1.0432. */
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const fourPlaces = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

export const formatCount = (n: number): string => whole.format(n);

export const formatFourPlaces = (n: number): string => fourPlaces.format(n);

export const formatPercent = (fraction: number): string => percent.format(fraction);

/** "1 practice", "2 practices". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** Money arrives in integer pence: 123456 → "£1,234.56". */
export const formatPence = (pence: number): string => pounds.format(pence / 100);
