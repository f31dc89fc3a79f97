import type { RawMention, WatchRole } from '../core/mention.ts';
import type { WatchEntry } from '../enrich/watch/index.ts';
import { seededRandom } from '../core/random.ts';

/** Deterministic PRNG: the same seed gives the same mentions on every machine. */
export const rng = seededRandom;

/** 40 invented brands: the watch queries and the tweets both use them. */
export const BRANDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Soylent',
  'Cyberdyne', 'Tyrell', 'Aperture', 'Pied Piper', 'Dunder Mifflin', 'Gringotts', 'Monarch', 'Oceanic', 'Nakatomi', 'Virtucon',
  'Weyland', 'Yoyodyne', 'Zorg', 'Bluth', 'Krusty', 'Duff', 'Oscorp', 'LexCorp', 'Ollivanders', 'Vought',
  'Rekall', 'Omni', 'Mooby', 'Gekko', 'Sirius', 'Québecor Télé', 'Hydro Nord', 'Caisse Boréale', 'Dépanneur Léo', 'Café Olé',
];

const slug = (b: string): string => b.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '');

/** 200 watch entries (5 per brand) using every operator. */
export function watchEntries(): WatchEntry[] {
  const out: WatchEntry[] = [];
  BRANDS.forEach((b, i) => {
    const s = slug(b);
    const q = b.includes(' ') ? `"${b}"` : b;
    const role: WatchRole = i < 8 ? 'brand' : i < 30 ? 'competitor' : 'industry';
    out.push({ name: `${s}`, role, query: `${q} OR @${s} OR #${s}` });
    out.push({ name: `${s}-outage`, role, query: `${q} NEAR/4 (panne OR outage OR down OR bug* OR "ne marche pas")` });
    out.push({ name: `${s}-care`, role, query: `(${q} OR @${s}) AND ("service client" OR support OR "customer service") NOT (emploi OR job OR hiring)` });
    out.push({ name: `${s}-fr`, role, query: `(${q} OR #${s}) lang:fr NOT source:spam` });
    out.push({ name: `${s}-boycott`, role, query: i % 2 === 0 ? `boycott* NEAR/5 ${q}` : `${q} (prix OR price* OR cher OR expensive) OR site:${s}.com` });
  });
  return out;
}

const FR = [
  'le service client de {b} est vraiment nul, {n} minutes d’attente',
  "j'adore la nouvelle appli de {b}, super intuitive",
  'grosse panne chez {b} à Montréal depuis {n}h ce matin',
  '{b} a encore augmenté ses prix, c’est pas correct',
  'merci {h} pour l’aide rapide, super service',
  'la livraison de {b} est arrivée en retard… pas terrible',
  'le forfait de {b} est pas cher pis le réseau est bon',
  'je pense changer pour {b2}, vous en pensez quoi ?',
  '{b} c’est trooop bien',
  'on boycotte {b} après cette annonce honteuse',
  "l'équipe de {b} n'est pas à l'écoute, franchement décevant",
  'pas mal content de mon nouveau téléphone {b}, la batterie tient {n}h',
];
const EN = [
  'customer service at {b} is awful, waited {n} minutes',
  'loving the new {b} app, so smooth',
  'is {b} down again? nothing works since {n}am',
  '{b} raised prices again, not cool at all',
  'thanks {h} for the quick help, great support',
  'my {b} order arrived late... not great',
  'switching to {b2}, anyone tried it?',
  '{b} is soooo good right now',
  'boycott {b} after that announcement',
  "honestly {b}'s new phone is pretty good, battery lasts {n}h",
  'not impressed by {b} at all, support never answers',
  'wow {b} just nailed it with this update',
];
const TAILS_FR = [
  'je comprends pas pourquoi', 'ça fait trois fois cette semaine', 'mon chum est du même avis', 'vraiment tanné', 'bonne journée quand même',
  'quelqu’un a le même problème ?', 'on verra demain', 'je vais appeler encore', 'c’est rendu ridicule', 'bravo à l’équipe',
  'pis en plus il pleut', 'à suivre', 'je recommande', 'jamais plus', 'on en parle au bureau',
];
const TAILS_EN = [
  'not sure why', 'third time this week', 'my friends agree', 'so tired of this', 'have a nice day anyway',
  'anyone else?', 'we will see tomorrow', 'calling them again', 'this is getting ridiculous', 'kudos to the team',
  'and it is raining too', 'stay tuned', 'highly recommend', 'never again', 'talking about it at work',
];
const PLACES = ['Montréal', 'Québec', 'Laval', 'Gatineau', 'Sherbrooke', 'Longueuil', 'Trois-Rivières', 'Paris', 'Lyon', 'Toronto', 'Ottawa', 'Boston', 'the Plateau', 'Rosemont', 'Verdun', 'Saguenay', 'Lévis', 'Rimouski', 'Marseille', 'Bordeaux'];
const PRODUCTS = ['téléphone', 'forfait', 'routeur', 'modem', 'appli', 'facture', 'carte', 'compte', 'abonnement', 'colis', 'phone', 'plan', 'router', 'bill', 'order', 'account', 'subscription', 'parcel', 'update', 'laptop'];
const OPENERS_FR = ['', '', 'Franchement ', 'Bon ben ', 'Ayoye, ', 'Sérieux ', 'Enfin ', 'Encore ', 'Wow '];
const OPENERS_EN = ['', '', 'Honestly ', 'Wow, ', 'Ugh ', 'Finally ', 'Seriously ', 'Lol '];
const EMOJI = ['😡', '😍', '🔥', '🙄', '👍', '😂', '💔', '🤔', '✨', '🇨🇦'];
const TAGS = ['#panne', '#MTL', '#Québec', '#serviceclient', '#fail', '#tech', '#promo', '#montreal', '#customerservice', '#bonjour'];
const USERS = ['@zoe_qc', '@bob', '@marie.t', '@alice.bsky.social', '@luc@mastodon.social', '@jp_tremblay', '@news_mtl', '@techwatch'];
const KINDS = ['twitter', 'twitter', 'twitter', 'mastodon', 'bluesky', 'reddit'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/**
 * `n` tweet-length FR/EN mentions with brands, hashtags, handles, URLs and emoji; about 10 % are
 * retweets of an earlier one (so dedup finds copies) and some mention no watched brand.
 */
export function syntheticMentions(n: number, seed: number): RawMention[] {
  const r = rng(seed);
  const out: RawMention[] = [];
  const t0 = Date.parse('2026-01-05T08:00:00Z');
  for (let i = 0; i < n; i++) {
    const kind = pick(r, KINDS);
    const publishedAt = new Date(t0 + i * 1500).toISOString();
    const author = { handle: pick(r, USERS).slice(1), followers: Math.floor(10 ** (r() * 6)), verified: r() < 0.05 };
    const engagement = { likes: Math.floor(10 ** (r() * 3)) - 1, shares: Math.floor(10 ** (r() * 2)) - 1, replies: Math.floor(r() * 20) };
    if (i > 10 && r() < 0.1) {
      const orig = out[Math.floor(r() * out.length)]!;
      out.push({ schemaVersion: 1, id: `${kind}:${1_800_000_000 + i}`, source: { kind }, publishedAt, text: `RT @${orig.author?.handle ?? 'x'}: ${orig.text}`, author, engagement });
      continue;
    }
    const fr = r() < 0.5;
    // One mention in five names no watched brand at all.
    const b = r() < 0.2 ? pick(r, ['mon voisin', 'la ville', 'my neighbour', 'the city']) : pick(r, BRANDS);
    const body = pick(r, fr ? FR : EN)
      .replaceAll('{b2}', pick(r, BRANDS))
      .replaceAll('{b}', r() < 0.15 ? `#${slug(b)}` : b)
      .replaceAll('{h}', `@${slug(b)}`)
      .replaceAll('{n}', String(1 + Math.floor(r() * 59)))
      .replaceAll('Montréal', pick(r, PLACES));
    let text = pick(r, fr ? OPENERS_FR : OPENERS_EN) + body;
    // A second clause or two, as people write: keeps texts distinct and tweet-length.
    const tails = fr ? TAILS_FR : TAILS_EN;
    for (let k = Math.floor(r() * 3); k > 0; k--) text += `${pick(r, [', ', '. ', '! ', ' — '])}${pick(r, tails)}`;
    if (r() < 0.6) text += fr ? ` — ${pick(r, ['mon', 'le', 'notre'])} ${pick(r, PRODUCTS)} à ${pick(r, PLACES)}` : ` — ${pick(r, ['my', 'the', 'our'])} ${pick(r, PRODUCTS)} in ${pick(r, PLACES)}`;
    if (r() < 0.3) text += ` (${1 + Math.floor(r() * 200)} ${fr ? 'jours' : 'days'})`;
    if (r() < 0.5) text += ` ${pick(r, EMOJI)}`;
    if (r() < 0.4) text += ` ${pick(r, TAGS)}`;
    if (r() < 0.3) text += ` ${pick(r, USERS)}`;
    if (r() < 0.35) text += ` https://t.co/${Math.floor(r() * 36 ** 8).toString(36)}`;
    if (r() < 0.2) text = `${pick(r, USERS)} ${text}`;
    out.push({ schemaVersion: 1, id: `${kind}:${1_800_000_000 + i}`, source: { kind }, publishedAt, text, author, engagement, url: `https://${kind}.example/${i}` });
  }
  return out;
}
