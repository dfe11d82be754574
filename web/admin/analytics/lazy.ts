import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { LcEvent } from '../types';
import { Pending } from '../ui/load';

type Pages = typeof import('../pages/analytics') & typeof import('../pages/review');

/**
 * The analytics pages and ECharts come in their own chunks, fetched when someone opens a
 * report: the console everybody loads does not grow with them.
 */
function usePages(): Pages | undefined {
  const [pages, setPages] = useState<Pages>();
  useEffect(() => {
    void Promise.all([import('../pages/analytics'), import('../pages/review')]).then(([a, r]) =>
      setPages({ ...a, ...r }),
    );
  }, []);
  return pages;
}

export function LazyAnalyticsTab(props: { event: LcEvent }) {
  const pages = usePages();
  return pages ? html`<${pages.AnalyticsTab} event=${props.event} />` : html`<${Pending} />`;
}

export function LazyWeeklyReviewPage() {
  const pages = usePages();
  return pages ? html`<${pages.WeeklyReviewPage} />` : html`<div class="page"><${Pending} /></div>`;
}
