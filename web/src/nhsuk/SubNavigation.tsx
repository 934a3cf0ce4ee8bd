/**
 * Links between the views of one page (like tabs, but each view has its own address, so it can be
 * bookmarked and the browser's back button works). The current one is marked aria-current="page".
 */
import { Link } from 'react-router';

export interface SubNavigationItem { to: string; text: string; current: boolean; count?: number | null }

export function SubNavigation({ label, items }: { label: string; items: SubNavigationItem[] }) {
  return (
    <nav className="app-sub-navigation" aria-label={label}>
      <ul className="app-sub-navigation__list">
        {items.map((item) => (
          <li key={item.to} className={item.current ? 'app-sub-navigation__item app-sub-navigation__item--current' : 'app-sub-navigation__item'}>
            <Link className="app-sub-navigation__link" to={item.to} aria-current={item.current ? 'page' : undefined}>
              {item.text}
              {item.count != null && <span className="app-sub-navigation__count"> ({item.count})</span>}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
