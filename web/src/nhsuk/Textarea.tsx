/** NHS.UK textarea with label, optional hint and error message. */
import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export function Textarea({ id, label, labelSize, hint, error, rows = 4, className, ...textarea }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  id: string;
  label: ReactNode;
  labelSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const classes = ['nhsuk-textarea'];
  if (error) classes.push('nhsuk-textarea--error');
  if (className) classes.push(className);
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className={labelSize ? `nhsuk-label nhsuk-label--${labelSize}` : 'nhsuk-label'} htmlFor={id}>{label}</label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <textarea
        className={classes.join(' ')}
        id={id}
        name={textarea.name ?? id}
        rows={rows}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
        {...textarea}
      />
    </div>
  );
}
