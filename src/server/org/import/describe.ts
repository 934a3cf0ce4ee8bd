/** One row error as a line of text: `row 7, column patients ("-3"): must be a whole number of 0 or more`. */
import type { ErrorDetail } from '../../http/errors.js';

export function describeError(detail: ErrorDetail): string {
  const where = [
    detail.row !== undefined ? `row ${detail.row}` : undefined,
    detail.column !== undefined ? `column ${detail.column}${detail.value !== undefined ? ` (${JSON.stringify(detail.value)})` : ''}` : undefined,
  ].filter(Boolean).join(', ');
  return where ? `${where}: ${detail.message}` : detail.message;
}
