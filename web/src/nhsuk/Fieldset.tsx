/** NHS.UK fieldset: related fields under one legend (optionally styled as a heading). */
import type { ReactNode } from 'react';

export function Fieldset({ legend, legendSize = 'm', asHeading, children }: {
  legend: string;
  legendSize?: 's' | 'm' | 'l';
  /** render the legend's text as a heading of this level, so the section shows in the headings list */
  asHeading?: 2 | 3;
  children: ReactNode;
}) {
  const H = asHeading === 3 ? 'h3' : 'h2';
  return (
    <fieldset className="nhsuk-fieldset">
      <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>
        {asHeading ? <H className="nhsuk-fieldset__heading">{legend}</H> : legend}
      </legend>
      {children}
    </fieldset>
  );
}
