import { describe, expect, it } from 'vitest';
import { foldText } from './fold.ts';

describe('foldText', () => {
  it('lowercases and strips accents', () => {
    expect(foldText('Québécois À MONTRÉAL')).toBe('quebecois a montreal');
  });
  it('drops French elisions with straight and curly apostrophes', () => {
    expect(foldText("L'été d’Hydro qu'il n'aime")).toBe('ete hydro il aime');
    expect(foldText("jusqu'à l'Assemblée")).toBe('a assemblee');
  });
  it('keeps apostrophes that are not elisions', () => {
    expect(foldText("O'Neil's store")).toBe("o'neil's store");
  });
  it('expands ligatures', () => {
    expect(foldText('Œuvre cœur')).toBe('oeuvre coeur');
  });
});
