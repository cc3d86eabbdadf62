// Server-rendered SVG charts for the trends page. Pure: values in, markup out. Readable without
// hovering (every point carries its value as text) and accessible (role="img" with <title>/<desc>
// referenced by aria-labelledby). No script and no style attributes: the CSP allows neither inline;
// colours come from presentation attributes and classes in /static/app.css.
import { esc } from './format.js';

export interface ChartPoint {
  /** Shown under the point (a run id, shortened by the caller). */
  readonly label: string;
  /** null: the run did not record this metric; the point is left out, the gap stays visible. */
  readonly value: number | null;
}

export interface ChartInput {
  /** Unique within the page: ids of <title>/<desc> derive from it. */
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly points: readonly ChartPoint[];
  /** Fixed upper bound (100 for percentages); otherwise the largest value. */
  readonly max?: number;
  /** A second series drawn dashed with its values below the points, e.g. the declared budget beside the measured usage. */
  readonly reference?: { readonly name: string; readonly mainName: string; readonly values: readonly (number | null)[] };
}

const W = 640;
const H = 220;
// Side padding fits a centred value label ("100%", "128 s") over the first and last point.
const PAD = { top: 24, right: 40, bottom: 44, left: 40 };

/** A value with its unit, rounded for reading (one decimal below 10). */
export function formatValue(value: number, unit: string): string {
  const rounded = Math.abs(value) < 10 && !Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value));
  return unit === '%' ? `${rounded}%` : unit === '' ? rounded : `${rounded} ${unit}`;
}

/** The sentence a screen reader hears: every value in order, and the change first → last. */
export function describeSeries(input: ChartInput): string {
  const known = input.points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length === 0) return `No run recorded ${input.title.toLowerCase()} yet.`;
  const list = known.map((p) => `${p.label}: ${formatValue(p.value, input.unit)}`).join('; ');
  const first = known[0] as { value: number };
  const last = known[known.length - 1] as { value: number };
  const change = known.length < 2 ? '' : ` From ${formatValue(first.value, input.unit)} to ${formatValue(last.value, input.unit)}.`;
  const missing = input.points.length - known.length;
  return `${known.length} run(s), oldest first: ${list}.${change}${missing > 0 ? ` ${missing} run(s) did not record it.` : ''}${describeReference(input)}`;
}

function describeReference(input: ChartInput): string {
  const ref = input.reference;
  if (ref === undefined) return '';
  const values = ref.values.flatMap((v, i) => (v === null ? [] : [`${input.points[i]?.label ?? i}: ${formatValue(v, input.unit)}`]));
  return values.length === 0 ? ` ${ref.name}: not recorded.` : ` ${ref.name} (dashed): ${values.join('; ')}.`;
}

/** The reference series: a dashed line and each value under its point. */
function referenceMarks(input: ChartInput, x: (i: number) => number, y: (v: number) => number): string {
  const ref = input.reference;
  if (ref === undefined) return '';
  const line = linePaths({ ...input, points: ref.values.map((value, i) => ({ label: input.points[i]?.label ?? '', value })) }, x, y).replaceAll('class="line"', 'class="line2"');
  const labels = ref.values.map((v, i) => (v === null ? '' : `<text class="v ref" x="${r1(x(i))}" y="${r1(Math.min(H - PAD.bottom - 4, y(v) + 16))}" text-anchor="middle">${esc(formatValue(v, input.unit))}</text>`)).join('');
  return `${line}${labels}<text class="x" x="${W - PAD.right}" y="14" text-anchor="end">solid: ${esc(ref.mainName)} · dashed: ${esc(ref.name)}</text>`;
}

function scale(input: ChartInput): { x: (i: number) => number; y: (v: number) => number } {
  const values = [...input.points.map((p) => p.value), ...(input.reference?.values ?? [])].flatMap((v) => (v === null ? [] : [v]));
  const top = input.max ?? Math.max(1, ...values);
  const n = input.points.length;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  return {
    x: (i) => PAD.left + (n <= 1 ? innerW / 2 : (i * innerW) / (n - 1)),
    y: (v) => PAD.top + innerH - (Math.min(Math.max(v, 0), top) / top) * innerH,
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Line of known values, split where a run did not record the metric. */
function linePaths(input: ChartInput, x: (i: number) => number, y: (v: number) => number): string {
  const segments: string[][] = [[]];
  input.points.forEach((p, i) => {
    if (p.value === null) segments.push([]);
    else (segments[segments.length - 1] as string[]).push(`${r1(x(i))},${r1(y(p.value))}`);
  });
  return segments.filter((s) => s.length > 1).map((s) => `<polyline class="line" fill="none" points="${s.join(' ')}"/>`).join('');
}

function pointMarks(input: ChartInput, x: (i: number) => number, y: (v: number) => number): string {
  return input.points
    .map((p, i) => {
      const cx = r1(x(i));
      const label = `<text class="x" x="${cx}" y="${H - 8}" text-anchor="middle">${esc(p.label)}</text>`;
      if (p.value === null) return `${label}<text class="v none" x="${cx}" y="${H - PAD.bottom - 4}" text-anchor="middle">n/a</text>`;
      const cy = r1(y(p.value));
      return `${label}<circle class="dot" cx="${cx}" cy="${cy}" r="4"/><text class="v" x="${cx}" y="${r1(Math.max(12, cy - 8))}" text-anchor="middle">${esc(formatValue(p.value, input.unit))}</text>`;
    })
    .join('');
}

/** One chart as an <svg> element; an empty series renders a labelled empty state, never a blank box. */
export function lineChartSvg(input: ChartInput): string {
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const head = `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${titleId} ${descId}"><title id="${titleId}">${esc(input.title)}</title><desc id="${descId}">${esc(describeSeries(input))}</desc>`;
  const { x, y } = scale(input);
  const axis = `<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>`;
  if (input.points.every((p) => p.value === null)) {
    return `${head}${axis}<text class="empty" x="${W / 2}" y="${H / 2}" text-anchor="middle">No data yet</text></svg>`;
  }
  return `${head}${axis}${referenceMarks(input, x, y)}${linePaths(input, x, y)}${pointMarks(input, x, y)}</svg>`;
}
