import { describe, expect, it } from 'vitest';
import { redactPatientIdentifiers } from './redact.js';

const PATIENT = { nhsNumber: '9434765919', familyName: 'Featherstone-Haugh', givenName: 'Jo', birthDate: '1956-03-27', postcode: 'AL1 3EW' };

describe('taking patient identifiers out of a practice’s comment', () => {
  it('removes NHS numbers however they are written', () => {
    for (const written of ['9434765919', '943 476 5919', '943-476-5919']) {
      expect(redactPatientIdentifiers(`Patient ${written} was seen`)).toBe('Patient [NHS number removed] was seen');
    }
    // longer digit runs (a phone number) are not mistaken for one
    expect(redactPatientIdentifiers('Ring 01727 123456 or 441727123456')).toBe('Ring 01727 123456 or 441727123456');
  });

  it('removes the patient’s names as whole words, any case, and any postcode', () => {
    expect(redactPatientIdentifiers('Mrs FEATHERSTONE-HAUGH (Jo) of al13ew asked; Mr Haugh agreed. Jolly good.', PATIENT))
      .toBe('Mrs [name removed] ([name removed]) of [postcode removed] asked; Mr [name removed] agreed. Jolly good.');
    expect(redactPatientIdentifiers('Practice at SW1A 1AA')).toBe('Practice at [postcode removed]');
  });

  it('removes the patient’s date of birth in the usual ways of writing it, and leaves other dates', () => {
    expect(redactPatientIdentifiers('DOB 27/03/1956, born 27 March 1956 (1956-03-27, 27.3.56, 27th Mar 1956); seen 03/10/2025', PATIENT))
      .toBe('DOB [date of birth removed], born [date of birth removed] ([date of birth removed], [date of birth removed], [date of birth removed]); seen 03/10/2025');
  });

  it('leaves a comment without identifiers as it was', () => {
    expect(redactPatientIdentifiers('Helpful advice about the X-ray, thank you.', PATIENT)).toBe('Helpful advice about the X-ray, thank you.');
  });
});
