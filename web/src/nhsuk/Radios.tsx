/** NHS.UK radios in a fieldset, each option with an optional hint. */
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint?: ReactNode;
}

/** The id of the first radio, which an error summary links to. */
export const firstRadioId = (name: string) => `${name}-1`;

export function Radios<T extends string>({ name, legend, legendSize = 'm', hint, error, options, value, onChange, disabled }: {
  name: string;
  legend: string;
  legendSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
  options: RadioOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  const hintId = hint ? `${name}-hint` : null;
  const errorId = error ? `${name}-error` : null;
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)} disabled={disabled}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint && <Hint id={`${name}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage>}
        <div className="nhsuk-radios">
          {options.map((option, index) => {
            const id = index === 0 ? firstRadioId(name) : `${name}-${index + 1}`;
            const itemHintId = option.hint ? `${id}-item-hint` : null;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={itemHintId ?? undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>{option.label}</label>
                {option.hint && <Hint id={`${id}-item-hint`} className="nhsuk-radios__hint">{option.hint}</Hint>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
