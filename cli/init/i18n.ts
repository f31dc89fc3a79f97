/** The texts of `vigie init`, in French and English (the system locale chooses, `--lang` overrides). */
import type { OwnedPlatform } from '../../core/owned.ts';

export type Lang = 'fr' | 'en';

/** fr when the locale says French (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them), else en. */
export function systemLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr/i.test(loc) ? 'fr' : 'en';
}

const T = {
  welcome: {
    fr: 'Bienvenue dans Vigie. Quelques questions pour écrire votre premier fichier de configuration (Entrée garde la valeur proposée).',
    en: 'Welcome to Vigie. A few questions to write your first config file (Enter keeps the proposed value).',
  },
  brand: { fr: 'Nom de votre marque', en: 'Your brand name' },
  site: { fr: 'Site web de la marque (pour trouver ses fils RSS ; vide pour passer)', en: "Your brand's website (to find its feeds; empty to skip)" },
  competitors: { fr: 'Concurrents, séparés par des virgules (vide pour aucun)', en: 'Competitors, comma-separated (empty for none)' },
  handles: { fr: 'Vos comptes, plateforme:nom séparés par des virgules (ex. mastodon:cafebrio, bluesky:cafebrio.bsky.social)', en: 'Your accounts, platform:name comma-separated (e.g. mastodon:cafebrio, bluesky:cafebrio.bsky.social)' },
  misspellings: { fr: 'Chercher aussi ces fautes de frappe courantes ?', en: 'Also search these common misspellings?' },
  feedsFound: { fr: 'Fils trouvés sur le site :', en: 'Feeds found on the site:' },
  noFeed: { fr: "Aucun fil lisible trouvé sur le site (vous pourrez en ajouter avec « vigie sources test <url> »).", en: 'No readable feed found on the site (add one later with "vigie sources test <url>").' },
  searches: { fr: 'Ajouter les recherches sans clé (Hacker News, mot-clic Mastodon) ?', en: 'Add the searches that need no key (Hacker News, Mastodon hashtag)?' },
  slack: { fr: 'URL de webhook Slack pour les alertes (vide pour passer)', en: 'Slack webhook URL for alerts (empty to skip)' },
  teams: { fr: 'URL de webhook Teams pour les alertes (vide pour passer)', en: 'Teams webhook URL for alerts (empty to skip)' },
  testChannel: { fr: 'Envoyer un message de test sur ce canal maintenant ?', en: 'Send a test message to this channel now?' },
  overwrite: { fr: 'existe déjà. Le remplacer ?', en: 'already exists. Replace it?' },
  kept: { fr: 'Rien n’a été écrit : le fichier existant est gardé.', en: 'Nothing written: the existing file is kept.' },
  written: { fr: 'Configuration écrite', en: 'Config written' },
  secretsWritten: { fr: 'Secrets écrits à part (lisibles par vous seul)', en: 'Secrets written apart (readable by you only)' },
  next: { fr: 'Et maintenant :', en: 'Next:' },
  yes: { fr: 'o', en: 'y' },
  owned: {
    fr: 'Compte(s) {platform} de la marque, pour savoir à quoi elle a répondu (réponse suivie sur le bureau de réponse) : {format} ; séparés par des virgules, vide pour passer',
    en: "The brand's own {platform} account(s), to see what it answered (tracked on the response desk): {format}; comma-separated, empty to skip",
  },
  ownedInvalid: { fr: 'Pas au bon format', en: 'Not in the right form' },
  ownedNoSource: { fr: 'aucune source {platform} dans ce fichier : ajoutez-en une pour lire ses réponses', en: 'no {platform} source in this file yet: add one so its replies are read' },
  desk: { fr: 'Le bureau de réponse (ce qui attend une réponse) :', en: 'The response desk (what is waiting for a reply):' },
} as const;

/** The format each platform's owned accounts take, in the user's language (the config's own messages are in English). */
const OWNED_FORMATS: Record<OwnedPlatform, Record<Lang, string>> = {
  x: { fr: 'identifiant numérique ou nom d’utilisateur (p. ex. 1234567890 ou cafebrio)', en: 'numeric user id or username (e.g. 1234567890 or cafebrio)' },
  mastodon: { fr: 'utilisateur@instance (p. ex. cafebrio@mastodon.social)', en: 'user@instance (e.g. cafebrio@mastodon.social)' },
  bluesky: { fr: 'un DID ou un nom de domaine (p. ex. cafebrio.bsky.social)', en: 'a DID or a domain-name handle (e.g. cafebrio.bsky.social)' },
  facebook: { fr: 'identifiant numérique de la Page (À propos → Transparence de la Page)', en: "the Page's numeric id (About → Page transparency)" },
  instagram: { fr: 'identifiant numérique du compte professionnel Instagram, pas le @nom', en: 'numeric Instagram business account id, not the @username' },
  youtube: { fr: 'identifiant de chaîne « UC… » (24 caractères), pas le @nom', en: 'channel id "UC…" (24 characters), not the @handle' },
  discourse: { fr: 'nom d’utilisateur du forum', en: 'forum username' },
  reddit: { fr: 'nom d’utilisateur Reddit sans « u/ »', en: 'Reddit username without "u/"' },
};

/** A text with `{name}` placeholders filled. */
export function sayWith(lang: Lang, k: Key, values: Record<string, string>): string {
  return say(lang, k).replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}

export const ownedFormat = (lang: Lang, p: OwnedPlatform): string => OWNED_FORMATS[p][lang];

export type Key = keyof typeof T;
export const say = (lang: Lang, k: Key): string => T[k][lang];
