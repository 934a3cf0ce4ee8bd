/** Any address the app does not know. */
import { Link } from 'react-router';
import { usePageTitle } from '../layout/usePageTitle.js';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return <NotFoundContent />;
}

export function NotFoundContent() {
  return (
    <>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p><Link className="nhsuk-link" to="/">Go to the home page</Link></p>
    </>
  );
}
