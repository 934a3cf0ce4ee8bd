/** The signatory's declaration: one checkbox in a fieldset, with its error message by it. */
import { ErrorMessage } from '../../nhsuk/ErrorMessage.js';
import { describedBy } from '../../nhsuk/describedBy.js';

export function DeclarationCheckbox({ id, legend, label, checked, onChange, error }: {
  id: string;
  legend: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  const errorId = error ? `${id}-error` : null;
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(errorId)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input className="nhsuk-checkboxes__input" id={id} name={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>{label}</label>
          </div>
        </div>
      </fieldset>
    </div>
  );
}
