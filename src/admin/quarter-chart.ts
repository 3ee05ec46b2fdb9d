import type { TopLevelSpec } from 'vega-lite';
import type { Lang } from '../chat/model.ts';
import { describe, toSvg } from '../charts/render.ts';

/**
 * The plan-against-actual chart ("Jahresplan und Kontrolle"): per quarter, the planned
 * occurrences stacked by what became of them. Rendered like the survey charts (Vega-Lite,
 * compiled to Vega, headless SVG); src/charts has no stacked bar, so the spec lives here.
 */
interface QuarterBar {
  quarter: string;
  /** legend label, already in the page language */
  state: string;
  count: number;
  color: string;
}

function quarterSpec(title: string, bars: QuarterBar[], yTitle: string, lang: Lang): TopLevelSpec & { description: string } {
  const states = [...new Map(bars.map((b) => [b.state, b.color])).entries()];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    // (for screen readers, in the page's language, as the survey charts: vega's own labels are English)
    description: describe('bar', title, lang, bars.map((b) => ({ label: `${b.quarter} ${b.state}`, value: b.count }))),
    width: 420,
    height: 220,
    config: {
      font: 'DejaVu Sans, Arial, Helvetica, sans-serif',
      aria: false,
      view: { stroke: null },
      axis: { labelFontSize: 12, titleFontSize: 12, grid: true, gridColor: '#e6e9ee' },
      title: { fontSize: 14, anchor: 'start' },
      background: 'white',
    },
    data: { values: bars.map((b, i) => ({ ...b, order: i })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'quarter', type: 'nominal', title: null, axis: { labelAngle: 0 }, sort: ['Q1', 'Q2', 'Q3', 'Q4'] },
      y: { field: 'count', type: 'quantitative', stack: 'zero', title: yTitle, axis: { tickMinStep: 1 } },
      color: {
        field: 'state',
        type: 'nominal',
        title: null,
        scale: { domain: states.map((s) => s[0]), range: states.map((s) => s[1]) },
        legend: { orient: 'right' },
      },
      order: { field: 'order' },
    },
  } as TopLevelSpec & { description: string };
}

export async function renderQuarterChart(title: string, bars: QuarterBar[], yTitle: string, lang: Lang): Promise<string> {
  return toSvg(quarterSpec(title, bars, yTitle, lang));
}
