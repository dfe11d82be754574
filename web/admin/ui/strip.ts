import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A row of links that scrolls sideways when it does not fit (the top navigation and the
 * event's tabs on a phone). Keeps the current link (`[aria-current=page]`) in view whenever
 * `current` changes, and marks the strip `data-more-start` / `data-more-end` while links are
 * hidden on that side, so CSS can fade the edge and show that there is more to scroll to.
 */
export function useScrollStrip<T extends HTMLElement>(current: string): RefObject<T> {
  const ref = useRef<T>(null);
  useEffect(() => {
    const strip = ref.current;
    if (!strip) return;
    const active = strip.querySelector<HTMLElement>('[aria-current="page"]');
    if (active) {
      // Centre the current link in the strip without scrolling the page itself.
      const left = active.offsetLeft - (strip.clientWidth - active.offsetWidth) / 2;
      strip.scrollLeft = Math.max(0, Math.min(left, strip.scrollWidth - strip.clientWidth));
    }
    const mark = () => {
      const end = strip.scrollWidth - strip.clientWidth;
      strip.toggleAttribute('data-more-start', strip.scrollLeft > 1);
      strip.toggleAttribute('data-more-end', strip.scrollLeft < end - 1);
    };
    mark();
    strip.addEventListener('scroll', mark, { passive: true });
    window.addEventListener('resize', mark);
    return () => {
      strip.removeEventListener('scroll', mark);
      window.removeEventListener('resize', mark);
    };
  }, [current]);
  return ref;
}
