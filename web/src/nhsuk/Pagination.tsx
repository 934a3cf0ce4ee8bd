/** NHS.UK pagination: previous and next links, each saying which page it leads to. */
import { Link } from 'react-router';

export interface PageLink { to: string; label: string }

export function Pagination({ previous, next, label = 'Pages' }: { previous?: PageLink | null; next?: PageLink | null; label?: string }) {
  if (!previous && !next) return null;
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label={label}>
      <ul className="nhsuk-list nhsuk-pagination__list">
        <li className="nhsuk-pagination-item--previous">
          {previous && (
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={previous.to} rel="prev">
              <span className="nhsuk-pagination__title">Previous<span className="nhsuk-u-visually-hidden"> page</span></span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">{previous.label}</span>
              <ArrowLeft />
            </Link>
          )}
        </li>
        <li className="nhsuk-pagination-item--next">
          {next && (
            <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={next.to} rel="next">
              <span className="nhsuk-pagination__title">Next<span className="nhsuk-u-visually-hidden"> page</span></span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">{next.label}</span>
              <ArrowRight />
            </Link>
          )}
        </li>
      </ul>
    </nav>
  );
}

function ArrowLeft() {
  return (
    <svg className="nhsuk-icon nhsuk-icon--arrow-left" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d="M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z" />
    </svg>
  );
}

function ArrowRight() {
  return (
    <svg className="nhsuk-icon nhsuk-icon--arrow-right" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d="m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z" />
    </svg>
  );
}
