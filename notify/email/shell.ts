import { escapeHtml } from '../escape.ts';

/** The HTML part's document around `body` (already escaped HTML), shared by alert and report emails. */
export function emailDocument(lang: string, title: string, body: readonly string[]): string {
  return [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#101828">',
    ...body,
    '</body></html>',
  ].join('\n');
}

/** One label/value row of a figures table; `valueHtml` is already escaped. */
export function emailRow(label: string, valueHtml: string): string {
  return `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}
