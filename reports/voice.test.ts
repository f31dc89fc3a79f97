import { describe, expect, it } from 'vitest';
import { reportSubjects } from './context.ts';
import { renderHtml } from './render/html.ts';
import { renderMarkdown } from './render/markdown.ts';
import { sampleReport } from './testing.ts';
import { entryGroups, voiceGroups } from './voice.ts';

const watch = [
  { name: 'Acme', role: 'brand' },
  { name: 'Globex', role: 'competitor', organisation: 'Globex Group' },
  { name: 'Acme Phone', role: 'brand', organisation: 'acme' },
  { name: 'Coffee', role: 'industry' },
  { name: 'Initech', role: 'competitor' },
  { name: 'Globex Labs', role: 'competitor', organisation: 'GLOBEX  group' },
  { name: 'Other Client', role: 'brand' },
];

describe('share-of-voice rows by organisation', () => {
  it('groups the brand with its product lines and each competitor organisation, config order', () => {
    expect(voiceGroups('Acme', watch)).toEqual([
      { name: 'Acme', role: 'brand', entries: ['Acme', 'Acme Phone'] },
      // Case, accents and spaces do not split an organisation; the first spelling names it.
      { name: 'Globex Group', role: 'competitor', entries: ['Globex', 'Globex Labs'] },
      { name: 'Initech', role: 'competitor', entries: ['Initech'] },
    ]);
  });

  it('names the brand row by its organisation, whichever of its entries the report is about', () => {
    const w = [
      { name: 'Acme Phone', role: 'brand', organisation: 'Acme Inc.' },
      { name: 'Acme', role: 'brand', organisation: 'Acme Inc.' },
    ];
    expect(voiceGroups('Acme', w)).toEqual([{ name: 'Acme Inc.', role: 'brand', entries: ['Acme', 'Acme Phone'] }]);
  });

  it('without organisations, every entry is its own row, as before', () => {
    const plain = watch.filter((e) => !('organisation' in e));
    expect(voiceGroups('Acme', plain)).toEqual(entryGroups('Acme', ['Initech']));
    expect(voiceGroups('Other Client', plain)).toEqual(entryGroups('Other Client', ['Initech']));
  });

  it('reportSubjects hands the rows to the report', () => {
    const s = reportSubjects({ elasticsearch: {} as never, watch }, 'Acme');
    expect(s.competitors).toEqual(['Globex', 'Initech', 'Globex Labs']);
    expect(s.voice.map((g) => g.name)).toEqual(['Acme', 'Globex Group', 'Initech']);
  });

  it('the report lists the entries under their organisation and says how they count, in French and English', () => {
    const d = sampleReport();
    const md = { fr: renderMarkdown(d, 'fr'), en: renderMarkdown(d, 'en') };
    expect(md.en).toMatch(/\| Acme \| 142 \|.*\n\| ↳ Acme \| 130 \|.*\n\| ↳ Acme Phone \| 27 \|/);
    // A row alone (Globex) lists nothing under it.
    expect(md.en).not.toContain('↳ Globex');
    expect(md.en).toContain('a mention naming several of them counts once for the organisation');
    expect(md.fr).toContain('une mention qui en cite plusieurs compte une seule fois pour l’organisation');
    const html = renderHtml(d, 'fr');
    expect(html).toContain('<strong>Acme</strong> <span class="muted">↳ Acme 130 · Acme Phone 27</span>');
    expect(html).toContain('compte une seule fois pour l’organisation');
    expect(md.fr).toContain("une mention qui cite deux entrées d'une même organisation compte une fois pour elle");
    expect(md.en).toContain('a mention naming two entries of one organisation counts once for it');
  });

  it('a report without organisations has no entry lines and no note', () => {
    const d = sampleReport();
    for (const e of d.shareOfVoice.entities) e.entries = [{ name: e.name, mentions: e.mentions }];
    expect(renderMarkdown(d, 'en')).not.toContain('↳');
    expect(renderHtml(d, 'en')).not.toContain('counts once for the organisation');
  });
});
