/** Kysely table types: one interface per table, matching migrations/*.sql. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CommissionerTable { code: string; name: string }

export interface OrgGroupTable {
  code: string;
  name: string;
  kind: 'locality' | 'consortium' | 'federation' | 'network';
  commissioner_code: string;
}

export interface PracticeTable {
  code: string;
  name: string;
  postcode: string;
  group_code: string;
  commissioner_code: string;
  updated_at: Timestamp;
}

export type ProviderKind = 'acute' | 'community' | 'mental_health' | 'independent' | 'primary_care';

export interface ProviderTable {
  code: string;
  name: string;
  kind: ProviderKind;
  /** numeric(8,4), read as a number (see db parsers). */
  mff: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PopulationTable {
  practice_code: string;
  /** ISO date string (dates are parsed as text, never as local-time Date objects). */
  period: string;
  sex: 'M' | 'F';
  age_band: string;
  patients: number;
}

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  status: 'succeeded' | 'failed';
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  error_count: number;
  errors: ColumnType<unknown, string, string>;
  warnings: ColumnType<unknown, string, string>;
  started_at: Timestamp;
  finished_at: Timestamp;
  actor: string;
}

export type Role = 'admin' | 'commissioner' | 'finance' | 'reviewer' | 'booking' | 'board' | 'practice';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  practice_code: string | null;
  password_hash: string;
  is_demo: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface UserSessionTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date, never>;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  outcome: 'ok' | 'denied' | 'failed';
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface Schema {
  commissioner: CommissionerTable;
  org_group: OrgGroupTable;
  practice: PracticeTable;
  provider: ProviderTable;
  population: PopulationTable;
  import_run: ImportRunTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
}
