/**
 * Every page: skip link, NHS header (with the account and navigation once signed in), the main
 * landmark, and the footer. On a client-side page change, focus moves to the new page's h1 so
 * keyboard and screen reader users start at the top of the new content.
 */
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { signedOut, useMe, useSignOut } from '../api/hooks.js';
import type { Me } from '../api/types.js';
import { Footer } from '../nhsuk/Footer.js';
import { Header, type HeaderAccount } from '../nhsuk/Header.js';
import { SkipLink } from '../nhsuk/SkipLink.js';
import { isCurrent, navigationFor } from './navigation.js';
import { SERVICE_NAME } from './usePageTitle.js';
import type { SignInState } from './RequireAuth.js';

export function Layout() {
  const me = useMe().data ?? null;
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const queryClient = useQueryClient();
  useFocusHeadingOnNavigation(location.pathname);

  const account: HeaderAccount | undefined = me ? {
    name: me.displayName,
    description: describeUser(me),
    signingOut: signOut.isPending,
    onSignOut: () => signOut.mutate(undefined, {
      // Even if the server could not be reached, forget the session here.
      onSettled: () => {
        const state: SignInState = { signedOut: true };
        void navigate('/sign-in', { replace: true, state });
        signedOut(queryClient);
      },
    }),
  } : undefined;

  const navigation = me ? navigationFor(me).map((item) => ({ to: item.to, text: item.text, current: isCurrent(item, location.pathname) })) : [];

  return (
    <>
      <SkipLink />
      <Header serviceName={SERVICE_NAME} account={account} navigation={navigation} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <Outlet />
        </main>
      </div>
      <Footer
        links={[{ href: '/api/docs', text: 'API documentation', external: true }]}
        meta="Commissioning Hub: open software for GP-led commissioning."
      />
    </>
  );
}

/** "Commissioning manager", or the practice's name for practice users. */
function describeUser(me: Me): string {
  if (me.role === 'practice') return me.practiceName ?? me.practiceCode ?? me.roleLabel;
  return me.roleLabel;
}

function useFocusHeadingOnNavigation(pathname: string) {
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const main = document.getElementById('maincontent');
    if (!main) return;
    const startedWith = document.activeElement;
    let done = false;
    const focus = (target: HTMLElement) => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      // Something on the page (an error summary, say) or the user has moved focus already.
      if (document.activeElement !== startedWith && document.activeElement !== document.body) return;
      if (!target.hasAttribute('tabindex')) {
        target.setAttribute('tabindex', '-1');
        target.addEventListener('blur', () => target.removeAttribute('tabindex'), { once: true });
      }
      target.focus();
    };
    const tryHeading = () => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (heading && !done) focus(heading);
    };
    // The new page may still be loading its code or data: wait for its heading, for a while.
    const observer = new MutationObserver(tryHeading);
    observer.observe(main, { childList: true, subtree: true });
    const timer = setTimeout(() => { if (!done) focus(main); }, 3000);
    tryHeading();
    return () => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [pathname]);
}
