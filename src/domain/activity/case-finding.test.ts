import { expect, it } from 'vitest';
import { conditionFlags, pseudonymLabel } from './case-finding.js';

it('flags COPD, heart failure and falls from ICD-10 main diagnoses, nothing else', () => {
  expect(conditionFlags(['J44.1', 'I50.0', 'R29.6'])).toEqual(['copd', 'heartFailure', 'falls']);
  expect(conditionFlags(['W19', 'J45.9'])).toEqual(['falls']);
  expect(conditionFlags(['J45.9', 'I21.0', 'W20'])).toEqual([]);
});

it('labels a pseudonym without revealing it whole', () => {
  expect(pseudonymLabel('abcdef0123456789')).toBe('P-ABCDEF01');
});
