/** NHS.UK file upload: the browser's own file input, labelled and styled. */
import type { ChangeEvent, ReactNode, Ref } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { Hint } from './Hint.js';
import { describedBy } from './describedBy.js';

export function FileUpload({ id, label, labelSize = 'm', hint, error, accept, onChange, inputRef, disabled }: {
  id: string;
  label: string;
  labelSize?: 's' | 'm' | 'l';
  hint?: ReactNode;
  error?: string | null;
  accept?: string;
  onChange: (file: File | null) => void;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={`nhsuk-form-group nhsuk-file-upload${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className={`nhsuk-label nhsuk-label--${labelSize}`} htmlFor={id}>{label}</label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        ref={inputRef}
        className={error ? 'nhsuk-file-upload__input nhsuk-input--error' : 'nhsuk-file-upload__input'}
        id={id}
        name={id}
        type="file"
        accept={accept}
        disabled={disabled}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.files?.[0] ?? null)}
      />
    </div>
  );
}
