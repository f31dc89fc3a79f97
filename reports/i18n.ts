import type { ReportLocale } from './config.ts';

/**
 * Labels and number/date formatting for the report, in French (fr-CA) and English (en-CA).
 * Every formatter turns a missing value (null) into a dash: no "NaN" ever reaches a reader.
 */

const LABELS = {
  fr: {
    title: 'Rapport hebdomadaire de perception',
    weekOf: 'Semaine du',
    to: 'au',
    summary: 'En bref',
    keyFigures: 'Chiffres clés',
    mentions: 'Mentions',
    vsPrevious: 'sem. préc.',
    uniqueAuthors: 'Auteurs distincts',
    netSentiment: 'Sentiment net',
    net: 'Net',
    shareOfVoice: 'Part de voix',
    alerts: 'Alertes',
    volume: 'Volume',
    volumeByDay: 'Mentions par jour',
    thisWeek: 'Cette semaine',
    lastWeek: 'Semaine précédente',
    peakDay: 'Jour de pointe',
    byHour: 'Mentions par heure',
    sentiment: 'Tonalité',
    sentimentByDay: 'Tonalité par jour',
    positive: 'Positif',
    neutral: 'Neutre',
    negative: 'Négatif',
    competitors: 'Concurrents',
    entity: 'Marque',
    orgEntriesNote: 'Une organisation regroupe ses entrées de veille (↳ : mentions de chaque entrée) ; une mention qui en cite plusieurs compte une seule fois pour l’organisation.',
    share: 'Part',
    change: 'Variation',
    platforms: 'Plateformes de référence',
    sourceKinds: 'Types de sources',
    sources: 'Sources',
    kind: 'Type',
    site: 'Site',
    domains: 'Sites cités',
    tone: 'Tonalité',
    people: 'Personnes',
    leaders: "Leaders d'opinion",
    fans: 'Plus grands fans',
    critics: 'Critiques les plus actifs',
    author: 'Auteur',
    influence: 'Influence',
    followers: 'Abonnés',
    topMentions: 'Mentions marquantes',
    topPositive: 'Les plus engageantes — positives',
    topNegative: 'Les plus engageantes — négatives',
    engagement: 'Engagement',
    open: 'Ouvrir',
    emerging: 'Sujets émergents',
    hashtags: 'Mots-clics',
    terms: 'Termes',
    growth: 'Croissance',
    baseline: 'Référence',
    newTag: 'nouveau',
    alertsTimeline: 'Alertes et épisodes de la semaine',
    opened: 'Ouverte',
    resolved: 'Résolue',
    ongoing: 'en cours',
    severity: 'Gravité',
    critical: 'critique(s)',
    rule: 'Règle',
    audience: 'Langues et pays',
    languages: 'Langues',
    countries: 'Pays',
    countriesUnknown: 'Pays inconnu pour toutes les mentions.',
    none: 'Aucune donnée cette semaine.',
    noneAlerts: 'Aucune alerte cette semaine.',
    notes: 'À savoir',
    method: 'Méthode',
    generated: 'Généré le',
    noChange: 'stable',
    newValue: 'nouveau',
    day: 'Jour',
    count: 'Nombre',
    points: 'pts',
    chartVolume: 'Mentions par jour, cette semaine et la précédente',
    chartSentiment: 'Mentions positives, neutres et négatives par jour',
    chartHour: 'Mentions par heure le jour de pointe',
    chartShare: 'Part de voix par marque',
    chartPlatforms: 'Mentions par source',
    chartAlerts: 'Alertes de la semaine sur une ligne du temps',
    responses: 'Réponses de la marque',
    responseRate: 'Taux de réponse',
    medianResponse: 'Délai médian',
    p90Response: 'Délai au 90e centile',
    neededReply: 'Demandaient une réponse',
    answered: 'Répondues',
    handledDesk: 'Traitées sur le bureau de réponse',
    waitingNow: 'Toujours en attente',
    platform: 'Plateforme',
    waitingCritics: 'Critiques toujours sans réponse (les plus anciennes d’abord)',
    waitingFor: 'Attend depuis',
    noOwned: 'Aucun compte de la marque n’est configuré : ajoutez « owned: » sous son entrée « watch » pour mesurer le taux et le délai de réponse.',
    noneNeeded: 'Aucune mention ne demandait de réponse cette semaine.',
    noneCritics: 'Aucune critique en attente de réponse.',
    moreCritics: '… et {n} autres en attente.',
    openReport: 'Ouvrir le rapport',
    moreInReport: '+{n} autres points dans le rapport complet',
    restInReport: 'La suite dans le rapport complet',
    tooLongForEmail: 'Le rapport complet est trop long pour le corps d’un courriel : lisez-le en ligne ou en pièce jointe.',
    notAttached: 'Pièces jointes refusées par le serveur (trop lourdes), à lire en ligne',
    responsesMethod:
      'Taux de réponse = mentions répondues par un compte de la marque / mentions qui demandaient une réponse (question, plainte ou message adressé à la marque ; quasi-doublons exclus), sur les plateformes où la marque a un compte ({platforms}). Délais exacts entre la mention et la première réponse (médiane et 90e centile, interpolés entre rangs). « En attente » : ni réponse vue ni « traitée » sur le bureau de réponse, au moment du rapport.',
    methodText:
      "Chiffres tirés d'Elasticsearch (agrégations) pour la semaine ISO, du lundi 0 h au lundi suivant 0 h, heure de {tz}. Les quasi-doublons (reprises, republications) sont exclus des volumes. Sentiment net = (positives − négatives) / (positives + négatives). Part de voix = mentions de chaque organisation (une marque avec ses gammes de produits) / somme des mentions de l'organisation de la marque et de celles des concurrents ; une mention qui cite deux entrées d'une même organisation compte une fois pour elle, une mention qui cite deux organisations compte pour chacune. Sujets émergents : comparaison avec les {n} semaines précédentes.",
  },
  en: {
    title: 'Weekly brand-perception report',
    weekOf: 'Week of',
    to: 'to',
    summary: 'At a glance',
    keyFigures: 'Key figures',
    mentions: 'Mentions',
    vsPrevious: 'prev. week',
    uniqueAuthors: 'Unique authors',
    netSentiment: 'Net sentiment',
    net: 'Net',
    shareOfVoice: 'Share of voice',
    alerts: 'Alerts',
    volume: 'Volume',
    volumeByDay: 'Mentions by day',
    thisWeek: 'This week',
    lastWeek: 'Previous week',
    peakDay: 'Peak day',
    byHour: 'Mentions by hour',
    sentiment: 'Sentiment',
    sentimentByDay: 'Sentiment by day',
    positive: 'Positive',
    neutral: 'Neutral',
    negative: 'Negative',
    competitors: 'Competitors',
    entity: 'Brand',
    orgEntriesNote: 'An organisation groups its watch entries (↳: each entry’s mentions); a mention naming several of them counts once for the organisation.',
    share: 'Share',
    change: 'Change',
    platforms: 'Reference platforms',
    sourceKinds: 'Source types',
    sources: 'Sources',
    kind: 'Type',
    site: 'Site',
    domains: 'Sites cited',
    tone: 'Tone',
    people: 'People',
    leaders: 'Opinion leaders',
    fans: 'Biggest fans',
    critics: 'Most active critics',
    author: 'Author',
    influence: 'Influence',
    followers: 'Followers',
    topMentions: 'Top mentions',
    topPositive: 'Most engaging — positive',
    topNegative: 'Most engaging — negative',
    engagement: 'Engagement',
    open: 'Open',
    emerging: 'Emerging topics',
    hashtags: 'Hashtags',
    terms: 'Terms',
    growth: 'Growth',
    baseline: 'Baseline',
    newTag: 'new',
    alertsTimeline: 'Alerts and episodes of the week',
    opened: 'Opened',
    resolved: 'Resolved',
    ongoing: 'ongoing',
    severity: 'Severity',
    critical: 'critical',
    rule: 'Rule',
    audience: 'Languages and countries',
    languages: 'Languages',
    countries: 'Countries',
    countriesUnknown: 'Country unknown for every mention.',
    none: 'No data this week.',
    noneAlerts: 'No alerts this week.',
    notes: 'Good to know',
    method: 'Method',
    generated: 'Generated on',
    noChange: 'flat',
    newValue: 'new',
    day: 'Day',
    count: 'Count',
    points: 'pts',
    chartVolume: 'Mentions by day, this week and the previous one',
    chartSentiment: 'Positive, neutral and negative mentions by day',
    chartHour: 'Mentions by hour on the peak day',
    chartShare: 'Share of voice by brand',
    chartPlatforms: 'Mentions by source',
    chartAlerts: 'Alerts of the week on a timeline',
    responses: 'Brand responses',
    responseRate: 'Response rate',
    medianResponse: 'Median response time',
    p90Response: '90th-percentile response time',
    neededReply: 'Needed a reply',
    answered: 'Answered',
    handledDesk: 'Handled on the response desk',
    waitingNow: 'Still waiting',
    platform: 'Platform',
    waitingCritics: 'Critics still waiting for an answer (oldest first)',
    waitingFor: 'Waiting for',
    noOwned: 'No owned account is configured for the brand: add "owned:" under its watch entry to measure response rate and time.',
    noneNeeded: 'No mention needed a reply this week.',
    noneCritics: 'No critic is waiting for an answer.',
    moreCritics: '… and {n} more waiting.',
    openReport: 'Open the report',
    moreInReport: '+{n} more points in the full report',
    restInReport: 'The rest is in the full report',
    tooLongForEmail: 'The full report is too long for the body of an email: read it online or attached.',
    notAttached: 'Attachments refused by the server (too large), read them online',
    responsesMethod:
      'Response rate = mentions answered by a brand account / mentions that needed a reply (a question, a complaint or a message addressed to the brand; near-duplicates excluded) on the platforms where the brand has an account ({platforms}). Exact times from the mention to the first answer (median and 90th percentile, interpolated between ranks). "Waiting": no answer seen and not "handled" on the response desk when the report was generated.',
    methodText:
      'Figures from Elasticsearch aggregations for the ISO week, Monday 00:00 to the next Monday 00:00, {tz} time. Near-duplicates (reposts, syndicated copies) are excluded from volumes. Net sentiment = (positive − negative) / (positive + negative). Share of voice = each organisation\'s mentions (a brand with its product lines) / the sum of the mentions of the brand\'s organisation and its competitors\'; a mention naming two entries of one organisation counts once for it, a mention naming two organisations counts for each. Emerging topics: compared with the {n} previous weeks.',
  },
} as const;

export type LabelKey = keyof (typeof LABELS)['en'];
export type Labels = Record<LabelKey, string>;

/** Formatting helpers bound to one locale and time zone. */
export interface Fmt {
  locale: ReportLocale;
  tag: 'fr-CA' | 'en-CA';
  t: Labels;
  /** 1 234 / 1,234. */
  int(n: number | null): string;
  /** 42 % / 42%. */
  pct(n: number | null, digits?: number): string;
  /** +42 % / +42%, "new" when null after a zero. */
  changePct(n: number | null): string;
  /** +0,35 / +0.35 (net sentiment). */
  signed(n: number | null, digits?: number): string;
  /** +5 pts. */
  points(n: number | null): string;
  /** "lundi 9 novembre" / "Monday, November 9". */
  dayLong(date: string): string;
  /** "lun. 9" / "Mon 9". */
  dayShort(date: string): string;
  /** Weekday name of a local date. */
  weekday(date: string): string;
  /** Date and time of an instant in the report time zone. */
  dateTime(iso: string): string;
  /** "9 novembre 2026" / "November 9, 2026". */
  dateLong(date: string): string;
  /** "français (fr)"; the code alone when unknown (`und`). */
  language(code: string): string;
  /** "Canada (CA)"; the code alone when unknown. */
  country(code: string): string;
  /** A duration: "45 s", "47 min", "2 h 35 min", "3 j 4 h" / "3 d 4 h". */
  duration(seconds: number | null): string;
}

function displayName(tag: string, type: 'language' | 'region', code: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type, fallback: 'none' }).of(type === 'region' ? code.toUpperCase() : code);
    return name && name.toLowerCase() !== code.toLowerCase() ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

const DASH = '—';

/** Builds the formatters for `locale` (fr → fr-CA, en → en-CA) and the report time zone. */
export function formatter(locale: ReportLocale, timeZone: string): Fmt {
  const tag = locale === 'fr' ? 'fr-CA' : 'en-CA';
  const intF = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const pctF = (d: number) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: d, minimumFractionDigits: 0 });
  const changeF = new Intl.NumberFormat(tag, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 0 });
  const signedF = (d: number) => new Intl.NumberFormat(tag, { signDisplay: 'exceptZero', minimumFractionDigits: d, maximumFractionDigits: d });
  // Local dates are calendar dates: format them at noon UTC so no time zone moves them.
  const asDate = (date: string) => new Date(`${date}T12:00:00Z`);
  const longF = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const shortF = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const wdF = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
  const dlF = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dtF = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone, hourCycle: 'h23' });
  const ok = (n: number | null): n is number => n !== null && Number.isFinite(n);
  const t = LABELS[locale] as Labels;
  return {
    locale,
    tag,
    t,
    int: (n) => (ok(n) ? intF.format(n) : DASH),
    pct: (n, d = 0) => (ok(n) ? pctF(d).format(n) : DASH),
    changePct: (n) => (ok(n) ? (Math.abs(n) < 0.005 ? t.noChange : changeF.format(n)) : t.newValue),
    signed: (n, d = 2) => (ok(n) ? signedF(d).format(n) : DASH),
    points: (n) => (ok(n) ? `${signedF(0).format(n * 100)} ${t.points}` : DASH),
    dayLong: (date) => longF.format(asDate(date)),
    dayShort: (date) => shortF.format(asDate(date)),
    weekday: (date) => wdF.format(asDate(date)),
    dateLong: (date) => dlF.format(asDate(date)),
    language: (code) => displayName(tag, 'language', code),
    country: (code) => displayName(tag, 'region', code),
    duration: (sec) => {
      if (!ok(sec) || sec < 0) return DASH;
      const s = Math.round(sec);
      if (s < 60) return `${s} s`;
      const min = Math.round(s / 60);
      if (min < 60) return `${min} min`;
      if (min < 24 * 60) return `${Math.floor(min / 60)} h${min % 60 ? ` ${String(min % 60).padStart(2, '0')} min` : ''}`;
      const h = Math.round(min / 60);
      return `${Math.floor(h / 24)} ${locale === 'fr' ? 'j' : 'd'}${h % 24 ? ` ${h % 24} h` : ''}`;
    },
    dateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? DASH : dtF.format(d);
    },
  };
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
