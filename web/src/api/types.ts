/** The shapes the server’s JSON API returns (see the route files under src/server, and /api/docs). */

export type Role = 'admin' | 'commissioner' | 'finance' | 'reviewer' | 'booking' | 'board' | 'practice';

export type Permission = 'org.read' | 'org.import' | 'users.manage' | 'tokens.create' | 'audit.read' | 'patient.view';

export interface Me {
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  practiceCode: string | null;
  practiceName: string | null;
  permissions: string[];
  csrfToken: string | null;
}

export interface ErrorDetail {
  field?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
}

export interface Group {
  code: string;
  name: string;
  kind: string;
  commissionerCode: string;
  commissionerName: string;
  practices: number;
  listSize: number;
}

export interface Practice {
  code: string;
  name: string;
  postcode: string;
  commissionerCode: string;
  groupCode: string;
  groupName: string;
  listSize: number;
  /** ISO date of the latest registered-population extract, or null when there is none. */
  listSizePeriod: string | null;
}

export interface Provider {
  code: string;
  name: string;
  kind: string;
  mff: number;
}

export interface PyramidBand {
  ageBand: string;
  male: number;
  female: number;
}

export interface Pyramid {
  period: string | null;
  periods: string[];
  /** Youngest band first. */
  bands: PyramidBand[];
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  id: number;
  name: string;
  token: string;
}

export type ImportKind = 'practices' | 'providers' | 'population';

export interface ImportReport {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: 'succeeded' | 'failed';
  /** One sentence saying what happened. */
  message?: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ErrorDetail[];
  /** Total errors found (errors[] may be capped). */
  errorCount: number;
  warnings: string[];
}

/** One row of GET /api/imports. Fields beyond ImportReport's are read defensively. */
export interface ImportRun {
  id: number;
  kind: string;
  fileName: string;
  status: 'succeeded' | 'failed';
  rowsRead?: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  errorCount?: number;
  startedAt?: string;
  finishedAt?: string;
  actor?: string;
}
