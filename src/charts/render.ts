import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import type { Lang } from '../chat/model.ts';
import { formatDecimal } from '../i18n/index.ts';

/**
 * Server-side charts: a Vega-Lite spec, compiled to Vega, rendered headless to SVG
 * (renderer "none", no DOM, no canvas), and to PNG through resvg for chat platforms that
 * only show bitmaps. Callers pass aggregated figures only: nothing here knows people.
 */

type ChartFormat = 'svg' | 'png';

interface DistributionInput {
  title: string;
  /** the language of the page or card: the chart's description for screen readers is in it */
  lang: Lang;
  /** bars in display order */
  bars: Array<{ label: string; count: number }>;
  xTitle?: string;
  yTitle?: string;
}

interface TrendInput {
  title: string;
  /** the language of the page or card: the chart's description for screen readers is in it */
  lang: Lang;
  /** points in time order; a null value (withheld) leaves a gap */
  points: Array<{ label: string; value: number | null }>;
  yTitle?: string;
  /** the scale's range, e.g. [1, 5] for csat or [-100, 100] for NPS */
  domain?: [number, number];
}

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const CONFIG = {
  font: FONT,
  // vega's own screen-reader labels ("X-axis for a discrete scale …", "label: 1; count: 0",
  // "Title text '…'", roles "bar", "axis") are English whatever the page's language: off; the
  // chart as a whole carries a description in the page's language instead (chartSvg)
  aria: false,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, grid: true, gridColor: '#e6e9ee' },
  title: { fontSize: 14, anchor: 'start' as const },
  background: 'white',
};

/** Splits a long title into lines at spaces, so a long question does not stretch the chart (headless
 * vega measures text by estimate, generously: lines stay short). Words are never cut: a title
 * longer than `maxLines` ends its last line after a whole word with "…", keeping a closing quote. */
function titleLines(text: string, max = 46, maxLines = 4): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const close = /[»«"”“'’]$/.exec(text.trim())?.[0] ?? '';
  const end = `…${close}`;
  const words = lines[maxLines - 1]!.split(' ');
  while (words.length > 1 && (words.join(' ') + end).length > max) words.pop();
  return [...lines.slice(0, maxLines - 1), words.join(' ').replace(/[\s,;:.!?–-]+$/, '') + end];
}

const WORDS: Record<Lang, { bar: string; line: string; withheld: string }> = {
  de: { bar: 'Balkendiagramm', line: 'Liniendiagramm', withheld: 'zurückgehalten' },
  en: { bar: 'Bar chart', line: 'Line chart', withheld: 'withheld' },
};

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The SVG of a spec, as one image for screen readers: `role="img"` with the spec's description
 * (in the page's language) as its label. Vega's generated labels are English (CONFIG.aria turns
 * off those of the axes and marks, but the title's text keeps "Title text '…'" and the marks
 * their roles), and headless vega puts no description on the SVG itself: so every role and aria
 * attribute it wrote is dropped (inside tags only: vega escapes `<` and `"` in text and values).
 */
export async function toSvg(spec: TopLevelSpec & { description: string }): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = (await view.toSVG()).replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/ (?:role|aria-[a-z]+)="[^"]*"/g, ''));
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${attr(spec.description)}" `);
  } finally {
    view.finalize();
  }
}

/** "Balkendiagramm. Verteilung … . 1: 0; 2: 3" – the chart in words: its kind, title and figures. */
export function describe(kind: 'bar' | 'line', title: string, lang: Lang, figures: Array<{ label: string; value: number | null }>): string {
  const w = WORDS[lang];
  const t = title.replace(/\s+/g, ' ').trim();
  const list = figures.map((f) => `${f.label}: ${f.value === null ? w.withheld : formatDecimal(f.value, lang)}`).join('; ');
  return `${w[kind]}. ${t}${/[.!?:…]$/.test(t) ? '' : '.'} ${list}`;
}

/** PNG of an SVG at 2x for sharp display in chat clients. */
function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return Buffer.from(r.render().asPng());
}

function distributionSpec(input: DistributionInput): TopLevelSpec & { description: string } {
  // short labels (scales) stand under vertical bars; worded options read better beside horizontal ones
  const horizontal = input.bars.some((b) => b.label.length > 6);
  const category = { field: 'label', type: 'nominal', sort: { field: 'order' }, title: input.xTitle ?? null, axis: horizontal ? { labelLimit: 220 } : { labelAngle: 0 } };
  const amount = { field: 'count', type: 'quantitative', title: input.yTitle ?? null, axis: { tickMinStep: 1 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: titleLines(input.title), aria: false },
    description: describe('bar', input.title, input.lang, input.bars.map((b) => ({ label: b.label, value: b.count }))),
    width: horizontal ? 300 : 420,
    height: horizontal ? { step: 26 } : 200,
    config: CONFIG,
    data: { values: input.bars.map((b, i) => ({ label: b.label, count: b.count, order: i })) },
    mark: { type: 'bar', color: '#2f6fb0', cornerRadiusEnd: 2 },
    encoding: {
      ...(horizontal ? { y: category, x: amount } : { x: category, y: amount }),
      tooltip: [{ field: 'label' }, { field: 'count' }],
    },
  } as TopLevelSpec & { description: string };
}

function trendSpec(input: TrendInput): TopLevelSpec & { description: string } {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: titleLines(input.title), aria: false },
    description: describe('line', input.title, input.lang, input.points),
    width: 420,
    height: 200,
    config: CONFIG,
    data: { values: input.points.map((p, i) => ({ label: p.label, value: p.value, order: i })) },
    mark: { type: 'line', point: { filled: true, size: 60 }, color: '#2f6fb0', strokeWidth: 2 },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: input.yTitle ?? null, ...(input.domain ? { scale: { domain: input.domain } } : {}) },
    },
  } as TopLevelSpec & { description: string };
}

/** Bar chart of a distribution: SVG text, or a PNG buffer. */
export function renderDistributionChart(input: DistributionInput): Promise<string>;
export function renderDistributionChart(input: DistributionInput, format: 'svg'): Promise<string>;
export function renderDistributionChart(input: DistributionInput, format: 'png'): Promise<Buffer>;
export async function renderDistributionChart(input: DistributionInput, format: ChartFormat = 'svg'): Promise<string | Buffer> {
  const svg = await toSvg(distributionSpec(input));
  return format === 'png' ? svgToPng(svg) : svg;
}

/** Line chart of a trend over waves: SVG text, or a PNG buffer. */
export function renderTrendChart(input: TrendInput): Promise<string>;
export function renderTrendChart(input: TrendInput, format: 'svg'): Promise<string>;
export function renderTrendChart(input: TrendInput, format: 'png'): Promise<Buffer>;
export async function renderTrendChart(input: TrendInput, format: ChartFormat = 'svg'): Promise<string | Buffer> {
  const svg = await toSvg(trendSpec(input));
  return format === 'png' ? svgToPng(svg) : svg;
}
