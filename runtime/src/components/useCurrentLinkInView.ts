import { useEffect, useRef } from 'react';

/**
 * For a row of links that scrolls sideways on a phone (the header nav, the admin sections): brings the
 * current page's link (aria-current="page") fully into view whenever `key` changes, instead of leaving
 * it cut off at the edge.
 */
export function useCurrentLinkInView<E extends HTMLElement>(key: unknown) {
  const ref = useRef<E>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [key]);
  return ref;
}
