import { describe, expect, it } from 'vitest';
import { decodeAs } from '../http/encoding-labels.ts';
import { repairMojibake } from './mojibake.ts';

const viaCp1252 = (s: string) => decodeAs(Buffer.from(s, 'utf8'), 'windows-1252');
const viaLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('repairMojibake', () => {
  it('undoes UTF-8 read as Windows-1252 or as Latin-1, once or twice over', () => {
    for (const s of ['Québec', 'l’été… à 12 €', 'Œuvres « volées »', '東京で新しいカフェ', 'Привет, мир', 'בית קפה', 'ร้านกาแฟ']) {
      expect(repairMojibake(viaCp1252(s)), s).toEqual({ text: s, kind: 'double-encoded' });
      expect(repairMojibake(viaLatin1(s)).text, s).toBe(s);
      expect(repairMojibake(viaCp1252(viaCp1252(s))).text, s).toBe(s);
    }
    expect(repairMojibake('La ville de QuÃ©bec et MontrÃ©al').text).toBe('La ville de Québec et Montréal');
  });

  it('reads C1 controls as the Windows-1252 punctuation they stand for', () => {
    expect(repairMojibake('don\u0092t \u0093quote\u0094 \u0085 12 \u0080')).toEqual({ text: 'don’t “quote” … 12 €', kind: 'c1-controls' });
  });

  it('leaves correct text that only looks like mojibake alone', () => {
    for (const s of [
      'NÃO, MÃE, IRMÃ, SÃO PAULO, CORAÇÃO, LIMÃO',
      'Ã é a letra; «NÃO»',
      'ÉTÉ À PARIS : LES CAFÉS «Â LA PAGE», CRÊPES, PÂTÉ, ÂME',
      'Știri din București: vremea în Brașov și Timișoara',
      'Người dân ở Đà Nẵng chuẩn bị đón bão',
      'Þetta er fréttatilkynning frá Reykjavík; veðrið á Íslandi',
      '£5 × 3 = £15, ±2 ¼ in; ©2026 Acme™ — 25°C',
      'café» — naïve résumé, Ñandú, Ångström, Øresund',
      'Ã', 'Â', 'Ã©', 'â€',
    ]) expect(repairMojibake(s), s).toEqual({ text: s });
  });

  it('returns plain ASCII untouched without work', () => {
    expect(repairMojibake('plain ascii')).toEqual({ text: 'plain ascii' });
  });
});
