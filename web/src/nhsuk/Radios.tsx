/** NHS.UK radios in a fieldset, each option with an optional hint and conditionally revealed fields. */
import { Fragment, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint?: ReactNode;
  /** fields shown under the option while it is chosen */
  conditional?: ReactNode;
}

/** The id of the first radio, which an error summary links to. */
export const firstRadioId = (name: string) => `${name}-1`;

export function Radios<T extends string>({ name, legend, legendSize = 'm', hint, error, options, value, onChange, disabled, inline = false, small = false }: {
  name: string;
  legend: string;
  legendSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
  options: RadioOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  disabled?: boolean;
  inline?: boolean;
  small?: boolean;
}) {
  const hintId = hint ? `${name}-hint` : null;
  const errorId = error ? `${name}-error` : null;
  const classes = ['nhsuk-radios'];
  if (inline) classes.push('nhsuk-radios--inline');
  if (small) classes.push('nhsuk-radios--small');
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(hintId, errorId)} disabled={disabled}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint && <Hint id={`${name}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage>}
        <div className={classes.join(' ')}>
          {options.map((option, index) => {
            const id = index === 0 ? firstRadioId(name) : `${name}-${index + 1}`;
            const itemHintId = option.hint ? `${id}-item-hint` : null;
            const checked = value === option.value;
            return (
              <Fragment key={option.value}>
                <div className="nhsuk-radios__item">
                  <input
                    className="nhsuk-radios__input"
                    id={id}
                    name={name}
                    type="radio"
                    value={option.value}
                    checked={checked}
                    onChange={() => onChange(option.value)}
                    aria-describedby={itemHintId ?? undefined}
                    aria-controls={option.conditional && checked ? `conditional-${id}` : undefined}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>{option.label}</label>
                  {option.hint && <Hint id={`${id}-item-hint`} className="nhsuk-radios__hint">{option.hint}</Hint>}
                </div>
                {option.conditional && checked && (
                  <div className="nhsuk-radios__conditional" id={`conditional-${id}`}>{option.conditional}</div>
                )}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
