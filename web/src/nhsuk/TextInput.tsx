/** NHS.UK text input with label, optional hint and error message. */
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export type InputWidth = 2 | 3 | 4 | 5 | 10 | 20 | 30;

export function TextInput({ id, label, labelSize, hint, error, width, inputRef, className, suffix, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: ReactNode;
  labelSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
  width?: InputWidth;
  inputRef?: Ref<HTMLInputElement>;
  /** a unit shown after the box (hidden from screen readers: say it in the label too) */
  suffix?: string;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const classes = ['nhsuk-input'];
  if (width) classes.push(`nhsuk-input--width-${width}`);
  if (error) classes.push('nhsuk-input--error');
  if (className) classes.push(className);
  const field = (
    <input
      ref={inputRef}
      className={classes.join(' ')}
      id={id}
      name={input.name ?? id}
      type={input.type ?? 'text'}
      aria-describedby={describedBy(hintId, errorId)}
      aria-invalid={error ? true : undefined}
      {...input}
    />
  );
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className={labelSize ? `nhsuk-label nhsuk-label--${labelSize}` : 'nhsuk-label'} htmlFor={id}>{label}</label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {suffix ? (
        <div className="nhsuk-input-wrapper">
          {field}
          <div className="nhsuk-input-wrapper__suffix" aria-hidden="true">{suffix}</div>
        </div>
      ) : field}
    </div>
  );
}
