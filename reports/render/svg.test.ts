import { describe, expect, it } from 'vitest';
import { hBars, lineChart, niceScale, stackedBars, ticks, timeline } from './svg.ts';

describe('SVG layer', () => {
  it('nice scales give whole-number ticks and never a zero maximum', () => {
    expect(niceScale(32)).toEqual({ max: 40, step: 10 });
    expect(ticks(niceScale(32))).toEqual([0, 10, 20, 30, 40]);
    expect(niceScale(5)).toEqual({ max: 6, step: 2 });
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(Number.NaN)).toEqual({ max: 1, step: 1 });
    expect(niceScale(0.6, 4, false).max).toBeCloseTo(0.6);
  });

  it('a line chart has an accessible title, one group per series with its values, and escapes labels', () => {
    const svg = lineChart({ title: 'Mentions <by> day', desc: 'a & b', categories: ['Mon', '<Tue>'], series: [{ name: 'This "week"', values: [3, 7], color: '#000', area: true }] });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="line-\d+-t line-\d+-d"/);
    expect(svg).toContain('<title id="');
    expect(svg).toContain('>Mentions &lt;by&gt; day</title>');
    expect(svg).toContain('<desc id="');
    expect(svg).toContain('data-series="This &quot;week&quot;" data-values="3,7"');
    expect(svg).toContain('&lt;Tue&gt;');
    expect(svg).not.toContain('<Tue>');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('<path d="M');
  });

  it('stacked bars stack segments and skip zeros; all-zero and empty data draw no NaN', () => {
    const svg = stackedBars({ title: 't', desc: 'd', categories: ['a', 'b'], series: [{ name: 'pos', values: [1, 0], color: '#0f0' }, { name: 'neg', values: [3, 2], color: '#f00' }] });
    expect(svg.match(/<rect /g)).toHaveLength(3 + 2); // 3 non-zero bar segments + 2 legend swatches
    for (const s of [
      svg,
      stackedBars({ title: 't', desc: 'd', categories: [], series: [] }),
      stackedBars({ title: 't', desc: 'd', categories: ['a'], series: [{ name: 'x', values: [0], color: '#000' }] }),
      lineChart({ title: 't', desc: 'd', categories: [], series: [{ name: 'x', values: [], color: '#000', area: true }] }),
      lineChart({ title: 't', desc: 'd', categories: ['a'], series: [{ name: 'x', values: [0], color: '#000' }] }),
      hBars({ title: 't', desc: 'd', rows: [] }),
      hBars({ title: 't', desc: 'd', rows: [{ label: 'x', valueLabel: '0', segments: [{ name: 'a', value: 0, color: '#000' }] }] }),
      timeline({ title: 't', desc: 'd', start: 0, end: 0, ticks: [], events: [] }),
    ]) {
      expect(s).not.toMatch(/NaN|Infinity|undefined/);
      expect(s.startsWith('<svg')).toBe(true);
      expect(s.endsWith('</svg>')).toBe(true);
    }
  });

  it('horizontal bars are proportional to the values', () => {
    const svg = hBars({ title: 't', desc: 'd', width: 600, rows: [{ label: 'A', valueLabel: '75 %', segments: [{ name: 'n', value: 3, color: '#111' }] }, { label: 'B', valueLabel: '25 %', segments: [{ name: 'n', value: 1, color: '#111' }] }] });
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="14" fill="#111"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(3, 1);
  });

  it('escapes every special character, in text and in attribute values (notify/escape.ts escapeHtml)', () => {
    const hostile = `<script>alert("x") & 'y'</script>`;
    const svg = lineChart({ title: hostile, desc: 'd', categories: ['a'], series: [{ name: `" onload="x' onclick='y`, values: [1], color: '#000' }] });
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</title>');
    expect(svg).toContain('data-series="&quot; onload=&quot;x&#39; onclick=&#39;y"');
    expect(svg).not.toContain('<script');
  });
});
