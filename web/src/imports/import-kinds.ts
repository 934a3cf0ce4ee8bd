/** What can be imported, and the file each kind expects (shared/domain/FORMATS.md). */
import type { ImportKind } from '../api/types.js';

export interface ImportKindInfo {
  kind: ImportKind;
  label: string;
  file: string;
  columns: string[];
  /** the permission that allows importing it */
  permission: 'org.import' | 'activity.import' | 'budget.manage';
}

export const IMPORT_KINDS: ImportKindInfo[] = [
  { kind: 'practices', label: 'Practices', file: 'practices.csv', columns: ['practice_code', 'name', 'postcode', 'group_code', 'commissioner_code'], permission: 'org.import' },
  { kind: 'providers', label: 'Providers', file: 'providers.csv', columns: ['provider_code', 'name', 'kind', 'mff'], permission: 'org.import' },
  { kind: 'population', label: 'Registered population', file: 'population.csv', columns: ['practice_code', 'period', 'sex', 'age_band', 'patients'], permission: 'org.import' },
  { kind: 'tariff', label: 'National tariff', file: 'tariff.csv', columns: ['year', 'pod', 'tfc', 'hrg', 'price'], permission: 'activity.import' },
  {
    kind: 'activity', label: 'Hospital activity (a provider’s return)', file: 'activity.csv', permission: 'activity.import',
    columns: ['activity_id', 'provider_code', 'practice_code', 'nhs_number or patient_pseudo', 'pod', 'tfc', 'hrg', 'activity_date', 'discharge_date', 'primary_diagnosis', 'primary_procedure', 'referral_source', 'referral_id', 'price'],
  },
  { kind: 'weights', label: 'Capitation weights (every sex and age band of each service line)', file: 'weights.csv', columns: ['service_line', 'sex', 'age_band', 'weight'], permission: 'budget.manage' },
  { kind: 'spend', label: 'Other spend (prescribing, community, mental health) by practice and month', file: 'spend.csv', columns: ['practice_code', 'year', 'month', 'service_line', 'amount'], permission: 'budget.manage' },
];

export const importKindLabel = (kind: string) => IMPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
