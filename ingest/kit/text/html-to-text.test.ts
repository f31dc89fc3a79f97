import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_HTML_DEPTH } from './html-to-text.ts';

describe('htmlToText', () => {
  it('keeps word boundaries around inline and block elements', () => {
    expect(htmlToText('Bonjour <b>monde</b>')).toBe('Bonjour monde');
    expect(htmlToText('a<br>b')).toBe('a\nb');
    expect(htmlToText('a<br/>b', { singleLine: true })).toBe('a b');
    expect(htmlToText('<p>a</p><p>b</p>')).toBe('a\nb');
    expect(htmlToText('<ul><li>un</li><li>deux</li></ul>')).toBe('un\ndeux');
    expect(htmlToText('<table><tr><td>x</td><td>y</td></tr></table>')).toBe('x y');
    expect(htmlToText('<div>titre</div>suite')).toBe('titre\nsuite');
  });

  it('drops script, style, noscript, template and iframe with their content', () => {
    const html = '<p>Avant</p><script>var x = "<p>caché</p>";</script><style>p{color:red}</style><noscript>activez JS</noscript><template><p>t</p></template><iframe src="x">frame</iframe><p>Après</p>';
    expect(htmlToText(html)).toBe('Avant\nAprès');
  });

  it('decodes named and numeric entities', () => {
    expect(htmlToText('R&amp;D &eacute;t&eacute; l&#8217;&#xE9;cole &laquo;&nbsp;oui&nbsp;&raquo; 5&nbsp;&euro;')).toBe('R&D été l’école « oui » 5 €');
  });

  it('collapses whitespace and strips invisible characters', () => {
    expect(htmlToText('  a \t\n\n\n  b\u200B c  ')).toBe('a\nb c');
  });

  it('caps the length at a word boundary', () => {
    const s = htmlToText('mot '.repeat(100), { maxLength: 50 });
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s.endsWith('mot…')).toBe(true);
  });

  it('leaves plain text with a lone < alone', () => {
    expect(htmlToText('3 < 5 et 7 > 2')).toBe('3 < 5 et 7 > 2');
  });

  it('reads markup nested deeper than its cap: text before, inside and after, scripts still dropped', () => {
    const d = MAX_HTML_DEPTH * 4;
    const html = `<p>start</p>${'<div>'.repeat(d)}mid${'</div>'.repeat(d)}<p>end</p><script>evil()</script><p>last</p>`;
    expect(htmlToText(html)).toBe('start\nmid\nend\nlast');
    expect(htmlToText(`${'<b>'.repeat(d)}never closed <br>line`)).toBe('never closed\nline');
  });
});
