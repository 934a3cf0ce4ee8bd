/**
 * NHS.UK date input: day, month and year boxes in a fieldset (role="group"). The error summary
 * links to the first box (`${id}-day`), or to the box named in `errorPart`.
 */
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export interface DateParts { day: string; month: string; year: string }

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The id of the box an error summary should link to. */
export const dateInputId = (id: string, part: keyof DateParts = 'day') => `${id}-${part}`;

export function DateInput({ id, legend, legendSize = 's', hint, error, errorParts, value, onChange }: {
  id: string;
  legend: string;
  legendSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
  /** which boxes to mark as wrong; all three when the error is about the whole date */
  errorParts?: (keyof DateParts)[];
  value: DateParts;
  onChange: (value: DateParts) => void;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const wrong = new Set(error ? (errorParts ?? ['day', 'month', 'year']) : []);
  const parts: { part: keyof DateParts; label: string; width: 2 | 4 }[] = [
    { part: 'day', label: 'Day', width: 2 },
    { part: 'month', label: 'Month', width: 2 },
    { part: 'year', label: 'Year', width: 4 },
  ];
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={describedBy(hintId, errorId)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        <div className="nhsuk-date-input" id={id}>
          {parts.map(({ part, label, width }) => (
            <div className="nhsuk-date-input__item" key={part}>
              <div className={wrong.has(part) ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
                <label className="nhsuk-label nhsuk-date-input__label" htmlFor={dateInputId(id, part)}>{label}</label>
                <input
                  className={`nhsuk-input nhsuk-input--width-${width} nhsuk-date-input__input${wrong.has(part) ? ' nhsuk-input--error' : ''}`}
                  id={dateInputId(id, part)}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={value[part]}
                  aria-invalid={wrong.has(part) ? true : undefined}
                  onChange={(e) => onChange({ ...value, [part]: e.target.value })}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
