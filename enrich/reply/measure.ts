import { readFileSync } from 'node:fs';
import { analyzeSentiment } from '../sentiment/index.ts';
import { questionOrComplaint } from './detect.ts';

/** One labelled line of labelled.tsv. */
export interface LabelledLine {
  question: boolean;
  complaint: boolean;
  lang: string;
  text: string;
}

export function readLabelled(path: string): LabelledLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [label, lang, text] = l.split('\t');
      if (!label || !lang || text === undefined || !['q', 'c', 'qc', 'n'].includes(label)) throw new Error(`bad labelled line: ${l}`);
      return { question: label.includes('q'), complaint: label.includes('c'), lang, text };
    });
}

export interface Score {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

function score(pairs: Array<[boolean, boolean]>): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [gold, got] of pairs) {
    if (gold && got) tp++;
    else if (got) fp++;
    else if (gold) fn++;
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), tp, fp, fn };
}

/**
 * Precision and recall of the detection on labelled lines, with the real sentiment model's
 * score (as in the pipeline): questions, complaints, and either (= waits for a reply).
 */
export function measure(lines: readonly LabelledLine[]): { question: Score; complaint: Score; either: Score; misses: string[] } {
  const q: Array<[boolean, boolean]> = [];
  const c: Array<[boolean, boolean]> = [];
  const e: Array<[boolean, boolean]> = [];
  const misses: string[] = [];
  for (const l of lines) {
    const lang = l.lang.slice(0, 2);
    const got = questionOrComplaint(l.text, analyzeSentiment(l.text, lang).score);
    q.push([l.question, got.includes('question')]);
    c.push([l.complaint, got.includes('complaint')]);
    e.push([l.question || l.complaint, got.length > 0]);
    if ((l.question || l.complaint) !== got.length > 0) misses.push(`${l.question || l.complaint ? 'missed' : 'false '}\t${l.text}`);
  }
  return { question: score(q), complaint: score(c), either: score(e), misses };
}
