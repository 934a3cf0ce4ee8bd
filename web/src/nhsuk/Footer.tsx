/** NHS.UK footer with support links. */
import { Link } from 'react-router';

export interface FooterLink { href: string; text: string; external?: boolean }

export function Footer({ links = [], meta }: { links?: FooterLink[]; meta?: string }) {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          {links.length > 0 && (
            <>
              <h2 className="nhsuk-u-visually-hidden">Support links</h2>
              <ul className="nhsuk-footer__list">
                {links.map((link) => (
                  <li key={link.href} className="nhsuk-footer__list-item">
                    {link.external
                      ? <a className="nhsuk-footer__list-item-link" href={link.href}>{link.text}</a>
                      : <Link className="nhsuk-footer__list-item-link" to={link.href}>{link.text}</Link>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {meta && <p className="nhsuk-body-s">{meta}</p>}
        </div>
      </div>
    </footer>
  );
}
