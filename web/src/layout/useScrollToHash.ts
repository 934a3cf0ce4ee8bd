import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** Scrolls to the element the address's #fragment names once the page has drawn it. */
export function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const frame = requestAnimationFrame(() => document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView());
    return () => cancelAnimationFrame(frame);
  }, [ready, hash]);
}
