import { html, type SafeHtml } from "../../platform/http/html.js";

/*
 * Charts drawn on the server as SVG: no script, nothing to load, and the page's CSP (no inline styles)
 * holds because every colour and size is an SVG attribute. Each chart carries its <title> and <desc>,
 * and the same figures as a table that only screen readers see (in a hidden box: a table itself
 * grows to its rows whatever height it is given).
 */

const INK = "#5b6475";
const GRID = "#dde2ea";
const PAID = "#3446d4";
const PENDING = "#9aa6ee";
const EMPTY = "#e6e9f0";

export interface BarPoint {
  /** Under the bar (short: "12 Mar"). */
  label: string;
  /** In the table and the bar's tooltip ("Tue, 12 Mar 2031"). */
  longLabel: string;
  value: number;
}

export interface BarChartOptions {
  /** Unique on the page: the title and description are referenced by id. */
  id: string;
  title: string;
  description: string;
  locale: string;
  /** Header of the table's label column and of its value column. */
  labelHeader: string;
  valueHeader: string;
  points: BarPoint[];
}

// The drawing's own coordinate system; the SVG scales to its box (CSS caps its width).
const W = 380;
const H = 190;
const FONT = 13;
/** A generous guess of a character's width (no fonts on the server to measure with). */
const CHAR = FONT * 0.62;
const TOP = 10;
const BOTTOM = 26;

/** A step of 1, 2 or 5 times a power of ten giving about four intervals up to `max`, whole numbers. */
function axisStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  return Math.max(1, Math.round(step));
}

const fixed = (n: number) => Number(n.toFixed(2));

/** Vertical bars with a y axis of whole numbers and every few labels on the x axis. */
export function barChart(o: BarChartOptions): SafeHtml {
  const number = new Intl.NumberFormat(o.locale);
  const max = Math.max(0, ...o.points.map((p) => p.value));
  const step = axisStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  // Room for the longest figure on the left, half the longest label on the right (under the last bar).
  const labelWidth = Math.max(0, ...o.points.map((p) => p.label.length)) * CHAR;
  const left = fixed(8 + number.format(top).length * CHAR);
  const right = fixed(Math.max(4, labelWidth / 2 - 4));
  const plotW = W - left - right;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, o.points.length);
  const y = (v: number) => fixed(TOP + plotH - (v / top) * plotH);
  // As many labels as fit side by side, counted from the last bar so that today always has one.
  const every = Math.max(1, Math.ceil((labelWidth + CHAR * 2) / slot));
  const last = o.points.length - 1;
  return html`<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" font-size="${FONT}" font-family="system-ui, sans-serif">
<title id="${o.id}-title">${o.title}</title>
<desc id="${o.id}-desc">${o.description}</desc>
<g class="axis" fill="${INK}" stroke="none">${ticks.map(
    (v) =>
      html`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="${GRID}" stroke-width="1"/><text x="${left - 4}" y="${fixed(y(v) + FONT / 3)}" text-anchor="end">${number.format(v)}</text>`,
  )}</g>
<g class="bars" fill="${PAID}">${o.points.map((p, i) => {
    const height = fixed((p.value / top) * plotH);
    return html`<rect class="bar" x="${fixed(left + i * slot + slot * 0.15)}" y="${fixed(TOP + plotH - height)}" width="${fixed(slot * 0.7)}" height="${height}"><title>${p.longLabel}: ${number.format(p.value)}</title></rect>`;
  })}</g>
<g class="labels" fill="${INK}" text-anchor="middle">${o.points.map((p, i) =>
    (last - i) % every === 0
      ? html`<text x="${fixed(left + i * slot + slot / 2)}" y="${H - 7}">${p.label}</text>`
      : "",
  )}</g>
<line x1="${left}" x2="${W - right}" y1="${TOP + plotH}" y2="${TOP + plotH}" stroke="${INK}" stroke-width="1"/>
</svg>
<div class="sr"><table><caption>${o.title}</caption><thead><tr><th scope="col">${o.labelHeader}</th><th scope="col">${o.valueHeader}</th></tr></thead><tbody>${o.points.map(
    (p) => html`<tr><th scope="row">${p.longLabel}</th><td>${number.format(p.value)}</td></tr>`,
  )}</tbody></table></div>
</figure>`;
}

/**
 * A small horizontal bar of paid and pending tickets against a capacity, beside figures that say the
 * same in words (so it is hidden from screen readers). No capacity: no bar.
 */
export function capacityBar(paid: number, pending: number, capacity: number | null): SafeHtml {
  if (capacity === null) return html``;
  const width = 120;
  const scale = capacity > 0 ? width / capacity : 0;
  const paidW = fixed(Math.min(width, paid * scale));
  const pendingW = fixed(Math.min(width - paidW, pending * scale));
  return html`<svg class="capacity" xmlns="http://www.w3.org/2000/svg" width="${width}" height="10" viewBox="0 0 ${width} 10" aria-hidden="true" focusable="false"><rect width="${width}" height="10" rx="3" fill="${EMPTY}"/><rect width="${paidW}" height="10" rx="3" fill="${PAID}"/><rect x="${paidW}" width="${pendingW}" height="10" fill="${PENDING}"/></svg>`;
}
