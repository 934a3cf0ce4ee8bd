/** One NHS.UK checkbox (a yes/no choice), with an optional hint. */
import type { ReactNode } from 'react';
import { Hint } from './Hint.js';

export function Checkbox({ id, label, hint, checked, onChange, disabled }: {
  id: string;
  label: string;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const hintId = hint ? `${id}-item-hint` : undefined;
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
            aria-describedby={hintId}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>{label}</label>
          {hint && <Hint id={`${id}-item-hint`} className="nhsuk-checkboxes__hint">{hint}</Hint>}
        </div>
      </div>
    </div>
  );
}
