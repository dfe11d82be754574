import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Table } from '../../../src/analytics/tables';
import { type MessageKey, t } from '../i18n';
import type { ChartSpec } from './charts';

const columnLabel = (column: string) => t(`analytics.col.${column}` as MessageKey);

/** A chart's numbers: the same rows its CSV holds (src/analytics/tables.ts); "—" is not available. */
export function DataTable(props: { table: Table; name: string; rowLink?: (row: number) => string }) {
  return html`<div class="table-wrap"><table class="table analytics-table" data-table=${props.name}>
    <thead><tr>${props.table.columns.map((c) => html`<th scope="col" data-column=${c}>${columnLabel(c)}</th>`)}</tr></thead>
    <tbody>
      ${props.table.rows.map(
        (row, r) =>
          html`<tr>${row.map((cell, c) =>
            cell === null
              ? html`<td class="muted" title=${t('analytics.notAvailable')}>—</td>`
              : html`<td class=${typeof cell === 'number' ? 'num' : ''}>${
                  c === 0 && props.rowLink ? html`<a href=${props.rowLink(r)}>${cell}</a>` : cell
                }</td>`,
          )}</tr>`,
      )}
    </tbody>
  </table></div>`;
}

/** Draws an ECharts chart; the library is fetched the first time a chart is shown. */
function Chart(props: { spec: ChartSpec; description: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cleanup: (() => void) | undefined;
    let live = true;
    void import('./charts').then((charts) => {
      if (live && el.current) cleanup = charts.drawChart(el.current, props.spec, props.description);
    });
    return () => {
      live = false;
      cleanup?.();
    };
  }, [JSON.stringify(props.spec)]);
  return html`<div class="analytics-chart" ref=${el} role="img" aria-label=${props.description}></div>`;
}

/**
 * One chart with its table (shown on demand, always in print) and its CSV. Without rows it
 * says what is missing instead of drawing zeros.
 */
export function ChartCard(props: {
  name: string;
  title: string;
  table: Table;
  csvUrl: string;
  spec?: ChartSpec;
  empty: string;
  notes?: string[];
  /** Left out of the one-page printed report (minute-by-minute detail). */
  screenOnly?: boolean;
  /** Makes each row's first cell a link. */
  rowLink?: (row: number) => string;
  /** Heading level of the card's title: 3 under a tab's section heading, 2 right under a page's h1. */
  level?: 2 | 3;
}) {
  const Heading = props.level === 2 ? 'h2' : 'h3';
  const [showTable, setShowTable] = useState(!props.spec);
  const hasRows = props.table.rows.length > 0;
  return html`<section class=${`card analytics-card${props.screenOnly ? ' print-hide' : ''}`} data-chart=${props.name}>
    <div class="analytics-card-head">
      <${Heading}>${props.title}</${Heading}>
      ${
        hasRows
          ? html`<div class="analytics-card-actions print-hide">
              ${
                props.spec
                  ? html`<button type="button" class="btn btn-ghost" aria-expanded=${showTable} onClick=${() => setShowTable(!showTable)}>
                ${showTable ? t('analytics.hideTable') : t('analytics.showTable')}
              </button>`
                  : null
              }
              <a class="btn btn-ghost" href=${props.csvUrl} download>${t('analytics.csv')}</a>
            </div>`
          : null
      }
    </div>
    ${props.notes?.map((note) => html`<p class="banner banner-info analytics-missing">${note}</p>`)}
    ${
      hasRows
        ? html`${props.spec ? html`<${Chart} spec=${props.spec} description=${props.title} />` : null}
          <div class=${`analytics-table-box${showTable ? '' : ' screen-hidden'}`}><${DataTable} table=${props.table} name=${props.name} rowLink=${props.rowLink} /></div>`
        : html`<p class="muted analytics-empty">${props.empty}</p>`
    }
  </section>`;
}
