import type { MouseEvent } from 'react';

/** NHS.UK skip link: moves focus to the main content, not just the scroll position. */
export function SkipLink({ targetId = 'maincontent', children = 'Skip to main content' }: { targetId?: string; children?: string }) {
  function focusTarget(event: MouseEvent<HTMLAnchorElement>) {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
      target.addEventListener('blur', () => target.removeAttribute('tabindex'), { once: true });
    }
    target.focus();
  }
  return <a className="nhsuk-skip-link" href={`#${targetId}`} onClick={focusTarget}>{children}</a>;
}
