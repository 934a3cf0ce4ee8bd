/** Row errors, kept up to a limit (a broken file can have thousands) but all counted. */
import type { ErrorDetail } from '../../http/errors.js';

export const MAX_REPORTED_ERRORS = 200;

export class ErrorList {
  readonly items: ErrorDetail[] = [];
  count = 0;
  constructor(private readonly limit = MAX_REPORTED_ERRORS) {}

  add(detail: ErrorDetail) {
    this.count += 1;
    if (this.items.length < this.limit) this.items.push(detail);
  }

  /** A problem that stopped the whole import goes first, so it is never lost beyond the limit. */
  addFirst(detail: ErrorDetail) {
    this.count += 1;
    this.items.unshift(detail);
    if (this.items.length > this.limit) this.items.pop();
  }
}
