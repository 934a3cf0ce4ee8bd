/** A labelled progress bar (the native element, styled in NHS blue). */
export function ProgressBar({ id, label, value, max = 100, valueText }: {
  id: string;
  label: string;
  /** null while the amount is unknown (an indeterminate bar). */
  value: number | null;
  max?: number;
  valueText?: string;
}) {
  return (
    <div className="nhsuk-form-group app-progress">
      <label className="nhsuk-label" htmlFor={id}>{label}</label>
      <progress className="app-progress__bar" id={id} max={max} value={value ?? undefined} aria-valuetext={valueText}>
        {valueText}
      </progress>
    </div>
  );
}
