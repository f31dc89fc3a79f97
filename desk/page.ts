/** The desk's user-facing texts, French and English. */
export const DESK_TEXTS = {
  fr: {
    title: 'Vigie — à répondre',
    empty: 'Rien en attente. Bravo !',
    waiting: 'en attente depuis',
    answer: 'Répondre',
    handled: 'Traité',
    snooze: 'Reporter 1 h',
    assign: 'Assigner',
    assignee: 'Personne',
    assigned: 'assigné à',
    updated: 'Mis à jour',
    error: 'Connexion perdue, nouvel essai…',
    reasons: { addressed: 'adressé à la marque', question: 'question', complaint: 'plainte' },
    priority: 'priorité',
    untracked: 'Réponse non suivie',
    untrackedWhy: 'La marque n’a pas de compte configuré (watch[].owned) sur ces plateformes : une réponse n’y sera jamais vue. Répondez sur place, puis marquez « Traité ». Elles ne comptent ni dans le taux de réponse ni pour l’alerte « sans réponse ».',
  },
  en: {
    title: 'Vigie — waiting for a reply',
    empty: 'Nothing waiting. Well done!',
    waiting: 'waiting for',
    answer: 'Answer',
    handled: 'Handled',
    snooze: 'Snooze 1 h',
    assign: 'Assign',
    assignee: 'Person',
    assigned: 'assigned to',
    updated: 'Updated',
    error: 'Connection lost, retrying…',
    reasons: { addressed: 'addressed to the brand', question: 'question', complaint: 'complaint' },
    priority: 'priority',
    untracked: 'Answers not tracked',
    untrackedWhy: 'The brand has no owned account configured (watch[].owned) on these platforms: an answer there can never be seen. Answer on the spot, then mark it Handled. They count neither in the response rate nor for the unanswered alert.',
  },
} as const;
export type DeskLocale = keyof typeof DESK_TEXTS;

/** Picks the locale from `?lang=` then Accept-Language; French when the browser prefers it. */
export function deskLocale(query: string | null, acceptLanguage: string | undefined): DeskLocale {
  if (query === 'fr' || query === 'en') return query;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('fr') ? 'fr' : 'en';
}

/**
 * The desk page: one self-contained HTML file (no external asset, strict CSP), the queue polled
 * every few seconds from `/api/queue`. Every text from the data goes through textContent, never
 * innerHTML, so a mention cannot inject markup.
 */
export function deskPage(locale: DeskLocale, pollMs: number, nonce: string): string {
  const t = DESK_TEXTS[locale];
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style nonce="${nonce}">
:root { color-scheme: light dark; --accent: #0b5cad; }
body { font: 16px/1.4 system-ui, sans-serif; margin: 0; padding: 0 12px 24px; max-width: 760px; margin-inline: auto; }
header { position: sticky; top: 0; background: Canvas; padding: 10px 0; display: flex; justify-content: space-between; align-items: baseline; gap: 8px; border-bottom: 1px solid #8884; }
h1 { font-size: 1.15rem; margin: 0; }
#status { font-size: .8rem; opacity: .7; }
ol { list-style: none; padding: 0; margin: 0; }
li { border: 1px solid #8886; border-radius: 10px; padding: 10px 12px; margin: 10px 0; }
li.complaint { border-left: 5px solid #c0392b; }
.meta { font-size: .85rem; opacity: .8; display: flex; flex-wrap: wrap; gap: 4px 10px; }
.text { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
button, a.answer { font: inherit; font-size: .9rem; padding: 8px 12px; min-height: 40px; border-radius: 8px; border: 1px solid #8888; background: ButtonFace; color: ButtonText; cursor: pointer; text-decoration: none; }
a.answer { background: var(--accent); color: #fff; border-color: var(--accent); }
input { font: inherit; font-size: .9rem; padding: 7px; min-height: 40px; width: 8em; border-radius: 8px; border: 1px solid #8888; }
.prio { font-weight: 600; }
#untracked { margin-top: 18px; border-top: 1px solid #8884; padding-top: 8px; }
#untracked summary { cursor: pointer; font-weight: 600; min-height: 40px; line-height: 40px; }
#untracked .why { font-size: .85rem; opacity: .8; }
#untracked li { opacity: .85; }
#untracked .snooze, #untracked .who, #untracked .assign { display: none; }
</style>
</head>
<body>
<header><h1>${t.title} <span id="count"></span></h1><span id="status"></span></header>
<p id="empty" hidden>${t.empty}</p>
<ol id="queue"></ol>
<details id="untracked" hidden><summary>${t.untracked} <span class="count"></span></summary><p class="why">${t.untrackedWhy}</p><ol></ol></details>
<template id="item"><li><div class="meta"><span class="prio"></span><span class="platform"></span><span class="author"></span><span class="age"></span><span class="reasons"></span><span class="assignee"></span></div><div class="text"></div><div class="actions"><a class="answer" target="_blank" rel="noopener noreferrer">${t.answer}</a><button class="handled">${t.handled}</button><button class="snooze">${t.snooze}</button><input class="who" placeholder="${t.assignee}" aria-label="${t.assignee}"><button class="assign">${t.assign}</button></div></li></template>
<script type="application/json" id="texts">${JSON.stringify({ ...t, locale, pollMs }).replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}">
const T = JSON.parse(document.getElementById('texts').textContent);
const list = document.getElementById('queue');
const tpl = document.getElementById('item');
function age(s) {
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + (T.locale === 'fr' ? ' j' : ' d');
}
async function act(id, body) {
  const r = await fetch('api/items/' + encodeURIComponent(id), { method: 'POST', headers: { 'content-type': 'application/json', 'x-vigie-desk': '1' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(await r.text());
  await refresh();
}
function rows(items) {
  return items.map((it) => {
    const li = tpl.content.firstElementChild.cloneNode(true);
    li.dataset.id = it.id;
    if (it.reasons.includes('complaint')) li.classList.add('complaint');
    li.querySelector('.prio').textContent = T.priority + ' ' + Math.round(it.priority);
    li.querySelector('.platform').textContent = it.platform;
    li.querySelector('.author').textContent = it.author;
    li.querySelector('.age').textContent = T.waiting + ' ' + age(it.waitingSeconds);
    li.querySelector('.reasons').textContent = it.reasons.map((r) => T.reasons[r] || r).join(', ');
    li.querySelector('.assignee').textContent = it.assignee ? T.assigned + ' ' + it.assignee : '';
    li.querySelector('.text').textContent = (it.title ? it.title + '\\n' : '') + it.text;
    const a = li.querySelector('.answer');
    if (it.url && /^https?:/.test(it.url)) a.href = it.url; else a.remove();
    li.querySelector('.handled').onclick = () => act(it.id, { action: 'handled' });
    li.querySelector('.snooze').onclick = () => act(it.id, { action: 'snooze', minutes: 60 });
    li.querySelector('.assign').onclick = () => { const who = li.querySelector('.who').value.trim(); if (who) act(it.id, { action: 'assign', assignee: who }); };
    return li;
  });
}
// The waiting mentions, then apart those on platforms where no answer can be seen (no owned account).
function render(q) {
  document.getElementById('count').textContent = '(' + q.items.length + ')';
  document.getElementById('empty').hidden = q.items.length > 0;
  list.replaceChildren(...rows(q.items));
  const box = document.getElementById('untracked');
  box.hidden = q.untracked.length === 0;
  box.querySelector('.count').textContent = '(' + q.untracked.length + ')';
  box.querySelector('ol').replaceChildren(...rows(q.untracked));
}
async function refresh() {
  try {
    const r = await fetch('api/queue');
    if (!r.ok) throw new Error(String(r.status));
    render(await r.json());
    document.getElementById('status').textContent = T.updated + ' ' + new Date().toLocaleTimeString(T.locale);
  } catch (e) {
    document.getElementById('status').textContent = T.error;
  }
}
refresh();
setInterval(refresh, T.pollMs);
</script>
</body>
</html>`;
}
