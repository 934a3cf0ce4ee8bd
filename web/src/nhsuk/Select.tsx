/** NHS.UK select with label and optional hint. */
import type { ReactNode } from 'react';
import { Hint } from './Hint.js';

export interface SelectOption { value: string; text: string }

export function Select({ id, label, hint, options, value, onChange }: {
  id: string;
  label: string;
  hint?: ReactNode;
  options: SelectOption[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>{label}</label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      <select className="nhsuk-select" id={id} name={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
      </select>
    </div>
  );
}
