/**
 * The charting side of the analytics tab, loaded on demand (a dynamic import): only people
 * who open a report download ECharts, and only the parts used here (tree-shaken imports).
 * SVG rendering keeps charts sharp when the report is printed.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** Okabe–Ito: told apart with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000'];

export interface ChartSpec {
  /** Category labels along the x axis (or the y axis when `horizontal`). */
  categories: string[];
  series: { name: string; kind: 'bar' | 'line'; data: (number | null)[]; stack?: string; axis?: 0 | 1 }[];
  horizontal?: boolean;
  /** A second value axis (right) for series with `axis: 1`, e.g. a running total. */
  secondAxis?: boolean;
  /** Values are ratios (0.4 = 40 %). */
  percent?: boolean;
}

/** Draws `spec` into `el` and follows its size; returns the cleanup. */
export function drawChart(el: HTMLElement, spec: ChartSpec, description: string): () => void {
  const chart = init(el, undefined, { renderer: 'svg' });
  const value = (axis: 0 | 1) => ({
    type: 'value' as const,
    minInterval: spec.percent ? undefined : 1,
    max: spec.percent ? 1 : undefined,
    axisLabel: spec.percent ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {},
    position: axis ? ('right' as const) : undefined,
  });
  // Every label while they fit (a handful of channels); ECharts thins out long minute axes.
  const category = {
    type: 'category' as const,
    data: spec.categories,
    axisLabel: { interval: spec.categories.length <= 12 ? 0 : ('auto' as const), hideOverlap: true },
  };
  chart.setOption({
    color: PALETTE,
    aria: { enabled: true, label: { description } },
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: spec.horizontal ? value(0) : category,
    yAxis: spec.horizontal
      ? { ...category, inverse: true }
      : spec.secondAxis
        ? [value(0), value(1)]
        : value(0),
    series: spec.series.map((s) => ({
      name: s.name,
      type: s.kind,
      data: s.data,
      stack: s.stack,
      yAxisIndex: spec.horizontal ? undefined : (s.axis ?? 0),
      showSymbol: false,
      connectNulls: false,
    })),
  });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return () => {
    observer.disconnect();
    chart.dispose();
  };
}
