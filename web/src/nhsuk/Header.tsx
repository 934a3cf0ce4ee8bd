/** NHS.UK header: logo and service name, the signed-in account, and the primary navigation. */
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { NhsLogo } from './NhsLogo.js';

export interface HeaderNavItem {
  to: string;
  text: string;
  current: boolean;
}

export interface HeaderAccount {
  /** Who is signed in, e.g. "Jane Smith". */
  name: string;
  /** Their role, or their practice for practice users. */
  description: string;
  onSignOut: () => void;
  signingOut?: boolean;
}

export function Header({ serviceName, homeHref = '/', account, navigation = [] }: {
  serviceName: string;
  homeHref?: string;
  account?: HeaderAccount;
  navigation?: HeaderNavItem[];
}) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to={homeHref} aria-label={`NHS ${serviceName} homepage`}>
            <NhsLogo />
            <span className="nhsuk-header__service-name">{serviceName}</span>
          </Link>
        </div>
        {account && <HeaderAccountNav account={account} />}
      </div>
      {navigation.length > 0 && (
        <nav className="nhsuk-header__navigation" aria-label="Menu">
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              {navigation.map((item) => (
                <li key={item.to} className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" to={item.to} aria-current={item.current ? 'page' : undefined}>
                    {item.current ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong> : item.text}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}

function HeaderAccountNav({ account }: { account: HeaderAccount }) {
  function signOut(event: FormEvent) {
    event.preventDefault();
    account.onSignOut();
  }
  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        <li className="nhsuk-header__account-item">
          <UserIcon />
          <span>
            <span className="app-header__account-name">{account.name}</span>{' '}
            <span className="app-header__account-role">{account.description}</span>
          </span>
        </li>
        <li className="nhsuk-header__account-item">
          <form className="nhsuk-header__account-form" onSubmit={signOut} noValidate>
            <button className="nhsuk-header__account-button" type="submit" disabled={account.signingOut}>Sign out</button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

function UserIcon(): ReactNode {
  return (
    <svg className="nhsuk-icon nhsuk-icon--user" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
    </svg>
  );
}
