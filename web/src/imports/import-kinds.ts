/** What can be imported, and the file each kind expects (shared/domain/FORMATS.md). */
import type { ImportKind } from '../api/types.js';

export interface ImportKindInfo {
  kind: ImportKind;
  label: string;
  file: string;
  columns: string[];
}

export const IMPORT_KINDS: ImportKindInfo[] = [
  { kind: 'practices', label: 'Practices', file: 'practices.csv', columns: ['practice_code', 'name', 'postcode', 'group_code', 'commissioner_code'] },
  { kind: 'providers', label: 'Providers', file: 'providers.csv', columns: ['provider_code', 'name', 'kind', 'mff'] },
  { kind: 'population', label: 'Registered population', file: 'population.csv', columns: ['practice_code', 'period', 'sex', 'age_band', 'patients'] },
];

export const importKindLabel = (kind: string) => IMPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
