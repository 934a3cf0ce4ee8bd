/** NHS.UK card; with `to`, the whole card is clickable through its heading link. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function Card({ heading, headingLevel = 2, to, description, children, variant }: {
  heading: string;
  headingLevel?: 2 | 3;
  to?: string;
  description?: ReactNode;
  children?: ReactNode;
  variant?: 'feature' | 'primary' | 'secondary';
}) {
  const classes = ['nhsuk-card'];
  if (to) classes.push('nhsuk-card--clickable');
  if (variant) classes.push(`nhsuk-card--${variant}`);
  const H = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div className={classes.join(' ')}>
      <div className="nhsuk-card__content">
        <H className="nhsuk-card__heading nhsuk-heading-m">
          {to ? <Link className="nhsuk-card__link" to={to}>{heading}</Link> : heading}
        </H>
        {description && <p className="nhsuk-card__description">{description}</p>}
        {children}
      </div>
    </div>
  );
}

/** Cards in a responsive grid. */
export function CardGroup({ columns = 2, children }: { columns?: 2 | 3; children: ReactNode[] }) {
  const width = columns === 3 ? 'one-third' : 'one-half';
  return (
    <ul className="nhsuk-grid-row nhsuk-card-group">
      {children.map((child, i) => <li key={i} className={`nhsuk-grid-column-${width} nhsuk-card-group__item`}>{child}</li>)}
    </ul>
  );
}

/** A warning callout (a warning card in NHS.UK frontend 10). */
export function WarningCallout({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">{heading}</h3>
        {children}
      </div>
    </div>
  );
}
