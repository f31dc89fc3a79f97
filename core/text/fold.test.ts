import { describe, expect, it } from 'vitest';
import { foldText } from './fold.ts';

describe('foldText', () => {
  it('lowercases and strips accents', () => {
    expect(foldText('Québécois À MONTRÉAL')).toBe('quebecois a montreal');
    expect(foldText('ÇA VA, Noël? São Paulo, Zürich, España')).toBe('ca va, noel? sao paulo, zurich, espana');
  });
  it('drops French elisions with straight and curly apostrophes', () => {
    expect(foldText("L'été d’Hydro qu'il n'aime")).toBe('ete hydro il aime');
    expect(foldText("jusqu'à l'Assemblée")).toBe('a assemblee');
    expect(foldText("l'Oréal")).toBe(foldText('L’ORÉAL'));
  });
  it('keeps apostrophes that are not elisions', () => {
    expect(foldText("O'Neil's store")).toBe("o'neil's store");
    expect(foldText('don’t')).toBe("don't");
  });
  it('expands ligatures and letters NFKD keeps', () => {
    expect(foldText('Œuvre cœur Æsir straße Øresund Łódź')).toBe('oeuvre coeur aesir strasse oresund lodz');
    expect(foldText('ﬁn ＡＢＣ')).toBe('fin abc');
  });
  it('leaves emoji, digits and punctuation in place', () => {
    expect(foldText('Prix: 20€ 🔥 #Génial @Zoé')).toBe('prix: 20€ 🔥 #genial @zoe');
  });
});
