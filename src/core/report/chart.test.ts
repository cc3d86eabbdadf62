import { describe, expect, it } from 'vitest';
import { describeSeries, formatValue, lineChartSvg } from './chart.js';

const text = (svg: string, cls: string) => [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);

describe('lineChartSvg', () => {
  const input = { id: 'pass', title: 'Scenario pass rate', unit: '%', max: 100, points: [{ label: 'a', value: 100 }, { label: 'b', value: 75 }, { label: 'c', value: null }, { label: 'd', value: 87.5 }] };

  it('is an accessible image: role, title and desc referenced by aria-labelledby', () => {
    const svg = lineChartSvg(input);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="pass-title pass-desc"/);
    expect(svg).toContain('<title id="pass-title">Scenario pass rate</title>');
    expect(svg).toContain('<desc id="pass-desc">3 run(s), oldest first: a: 100%; b: 75%; d: 88%. From 100% to 88%. 1 run(s) did not record it.</desc>');
  });

  it('labels every point with its value (readable without hovering) and marks a missing one n/a', () => {
    const svg = lineChartSvg(input);
    expect(text(svg, 'v')).toEqual(['100%', '75%', '88%']);
    expect(text(svg, 'v none')).toEqual(['n/a']);
    expect(text(svg, 'x')).toEqual(['a', 'b', 'c', 'd']);
    // The gap splits the line: a–b is drawn, d stands alone.
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });

  it('puts higher values higher, scaled to max', () => {
    const svg = lineChartSvg({ id: 'x', title: 'T', unit: '%', max: 100, points: [{ label: 'lo', value: 0 }, { label: 'hi', value: 100 }] });
    const ys = [...svg.matchAll(/<circle class="dot" cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toEqual([176, 24]);
  });

  it('has no script and no style attribute (the CSP forbids inline ones) and escapes labels', () => {
    const svg = lineChartSvg({ id: 'e', title: 'a<b', unit: '', points: [{ label: '<script>', value: 3 }] });
    expect(svg).not.toMatch(/<script|style=/);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('<title id="e-title">a&lt;b</title>');
  });

  it('renders an empty state with a description, never a blank box', () => {
    const svg = lineChartSvg({ id: 'n', title: 'SAST findings', unit: '', points: [{ label: 'a', value: null }] });
    expect(svg).toContain('No data yet');
    expect(svg).toContain('<desc id="n-desc">No run recorded sast findings yet.</desc>');
    expect(svg).not.toContain('<circle');
    expect(lineChartSvg({ id: 'z', title: 'Z', unit: '', points: [] })).toContain('No data yet');
  });
});

describe('formatValue / describeSeries', () => {
  it('rounds for reading and keeps the unit', () => {
    expect(formatValue(82.14, '%')).toBe('82%');
    expect(formatValue(2.345, 's')).toBe('2.3 s');
    expect(formatValue(3, '')).toBe('3');
    expect(describeSeries({ id: 'i', title: 'T', unit: 's', points: [{ label: 'a', value: 4 }] })).toBe('1 run(s), oldest first: a: 4 s.');
  });
});

describe('reference series (declared beside measured)', () => {
  it('draws the reference dashed with its values as text, scaled with the main series', () => {
    const svg = lineChartSvg({ id: 'm', title: 'Memory', unit: 'MiB', points: [{ label: 'a', value: 60 }, { label: 'b', value: null }], reference: { name: 'declared peak', mainName: 'measured', values: [512, 512] } });
    expect(svg).toContain('class="line2"');
    expect(svg.match(/class="v ref"/g)).toHaveLength(2);
    expect(svg).toContain('solid: measured · dashed: declared peak');
    // The top of the scale is the declared 512, so the measured 60 sits low (y near the axis).
    const cy = Number(/<circle class="dot" cx="[\d.]+" cy="([\d.]+)"/.exec(svg)?.[1]);
    expect(cy).toBeGreaterThan(150);
    expect(describeSeries({ id: 'm', title: 'M', unit: 'MiB', points: [{ label: 'a', value: 1 }], reference: { name: 'declared', mainName: 'x', values: [null] } })).toBe('1 run(s), oldest first: a: 1 MiB. declared: not recorded.');
  });
});
