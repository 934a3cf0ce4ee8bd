/** One row error as a line of text: `row 7, column patients ("-3"): must be a whole number of 0 or more`. */
import type { ErrorDetail } from '../../http/errors.js';

export function describeError(detail: ErrorDetail): string {
  const where = [
    detail.row !== undefined ? `row ${detail.row}` : undefined,
    detail.column !== undefined ? `column ${detail.column}${detail.value !== undefined ? ` (${JSON.stringify(detail.value)})` : ''}` : undefined,
  ].filter(Boolean).join(', ');
  return where ? `${where}: ${detail.message}` : detail.message;
}

/**
 * Why a file was rejected, in one clause: the error that stopped reading, or the only problem,
 * or how many problems there were.
 */
export function failureReason({ errors, stoppedBy }: { errors: { count: number; items: ErrorDetail[] }; stoppedBy?: ErrorDetail }): string {
  const main = stoppedBy ?? (errors.count === 1 ? errors.items[0] : undefined);
  if (!main) return `${errors.count} problems found`;
  const others = errors.count - 1;
  return `${describeError(main)}${others ? ` (and ${others} other problem${others === 1 ? '' : 's'})` : ''}`;
}
