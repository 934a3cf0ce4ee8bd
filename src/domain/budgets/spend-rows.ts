/**
 * spend.csv: spend that is not hospital activity — prescribing, community, mental health — by
 * practice, financial month and service line, in pounds (FIN-4: "and imported prescribing spend").
 * Columns: practice_code, year (2025/26), month (1 = April), service_line, amount.
 */
import { parseFinancialYear } from '../activity/financial-year.js';
import { parsePounds } from '../activity/money.js';
import { parsePracticeCode } from '../org/codes.js';
import { fail, ok, type Parsed } from '../org/parsed.js';
import { parseRow, type Cells, type ColumnSet } from '../org/rows.js';
import { isServiceLine, SERVICE_LINES, type ServiceLine } from './service-lines.js';

export interface SpendRow { practiceCode: string; year: string; month: number; serviceLine: ServiceLine; amountPence: number }

export const SPEND_COLUMNS: ColumnSet = { required: ['practice_code', 'year', 'month', 'service_line', 'amount'], optional: [] };

function parseMonth(input: string): Parsed<number> {
  const month = Number(input.trim());
  return /^\d{1,2}$/.test(input.trim()) && month >= 1 && month <= 12 ? ok(month) : fail('must be a financial month from 1 (April) to 12 (March)');
}

function parseServiceLine(input: string): Parsed<ServiceLine> {
  const line = input.trim().toLowerCase();
  return isServiceLine(line) ? ok(line) : fail(`must be one of ${SERVICE_LINES.join(', ')}`);
}

const SPEND_FIELDS = {
  practiceCode: ['practice_code', parsePracticeCode],
  year: ['year', parseFinancialYear],
  month: ['month', parseMonth],
  serviceLine: ['service_line', parseServiceLine],
  amountPence: ['amount', parsePounds],
} as const;

export const parseSpendRow = (cells: Cells) => parseRow<SpendRow>(cells, SPEND_FIELDS);
