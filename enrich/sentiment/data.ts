import { readFileSync } from 'node:fs';

/** One labelled row of a development TSV file (`label<TAB>text`, header first, no quoting). */
export interface Row {
  label: string;
  text: string;
}

/** Reads a shared-data TSV file: split each line at the first tab; the header is skipped. */
export function readTsv(path: string): Row[] {
  const rows: Row[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    rows.push({ label: line.slice(0, tab), text: line.slice(tab + 1) });
  }
  return rows;
}
