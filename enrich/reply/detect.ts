import type { ReplyReason } from '../../core/mention.ts';
import { foldText } from '../../core/text/fold.ts';

// Every pattern runs on the folded text (lower case, no accents, French elisions dropped:
// `qu'est-ce` → `est-ce`, `j'attends` → `attends`), so one spelling covers é/e and ’/'.

/** Question cues, French (Québec included: the interrogative `-tu`) and English. */
const QUESTION = new RegExp(
  [
    // French
    String.raw`\best-ce\b`,
    String.raw`\bpourquoi\b`,
    String.raw`(^|[.!;:,]\s*)comment\b`,
    String.raw`\bcomment (on|faire|fait|ca|est|je|vous|tu|il|elle|se|puis|peut|obtenir|avoir|contacter|annuler|joindre|savoir)\b`,
    String.raw`\b(combien|quand est|quand (allez|va|vais|est)|ou est|ou sont|ou peut|ou puis)\b`,
    String.raw`\by a-t-il\b`,
    String.raw`\b(savez|pouvez|pourriez|auriez|avez)-vous\b`,
    String.raw`\b(quelqu'?un|qqn|quelqu un) (sait|a|aurait|connait|peut)\b`,
    String.raw`\b[a-z]+-tu\b(?! (es|as|vas|sais|peux|veux)\b)`,
    String.raw`\b(ca se peut-tu|c'est-tu|est-tu)\b`,
    String.raw`\b(aimerais|voudrais) savoir\b`,
    String.raw`\b(besoin d'aide|aidez-moi|aidez moi)\b`,
    // French inversion: `fonctionne-t-elle`, `sont-ils`, `faites-vous`
    String.raw`\b[a-z]+-t-(il|elle|on)\b`,
    String.raw`\b[a-z]{3,}-(ils|elles|vous)\b(?! (meme|memes)\b)`,
    // English
    String.raw`\b(anyone|anybody|someone|somebody) (know|knows|tried|have|has|else|here)\b`,
    String.raw`\b(does|do|did|can|could|will|would|is|are) (anyone|anybody|someone|you|u|they|it|this)\b`,
    String.raw`\bhow (do|can|does|did|to|long|much|come)\b`,
    String.raw`\b(why|when|where|what|which|who) (is|are|does|do|did|can|will|would|was|were|should|the)\b`,
    // English yes/no questions open a sentence with the auxiliary: `Is there...`, `Are the bulbs...`
    String.raw`(^|[.!]\s+|\n)(is|are|was|were|does|do|did|can|could|will|would|should|has|have) (there|the|it|this|that|your|my|anyone|[a-z]+)\b`,
    String.raw`\b(any idea|any ideas|need help|help me|please help|wondering if|wondering why)\b`,
  ].join('|'),
);

/** Complaint cues, French and English: what people write when something went wrong with the brand. */
const COMPLAINT = new RegExp(
  [
    // French
    String.raw`\btoujours (pas|rien|aucune|aucun|en attente)\b`,
    String.raw`\b(jamais|pas) (recu|arrive|livre|rembourse)e?s?\b`,
    String.raw`\b(rembourse|remboursement|rembourser|facture deux fois|double facturation)\b`,
    String.raw`\b(inacceptable|inadmissible|honteux|honte|scandaleux|arnaque|voleurs?)\b`,
    String.raw`\b(aucune|pas de|sans) (reponse|nouvelles|retour)\b`,
    String.raw`\b(en panne|marche pas|fonctionne pas|fonctionne plus|marche plus|plante|bogue|bug)\b`,
    String.raw`\b(decu|decue|decevant|tanne|tannee|ecoeure|ecoeuree|fache|fachee|en beau fusil|pu capable|plus capable)\b`,
    String.raw`\b(attends depuis|attend depuis|ca fait \d+ (jours|semaines|heures)|depuis \d+ (jours|semaines|heures))\b`,
    String.raw`\b(annuler mon|resilier|service client|service a la clientele)\b`,
    String.raw`\b(ostie|criss|calisse|tabarnak|tabarnac)\b`,
    // English
    String.raw`\bstill (no|not|nothing|waiting|haven'?t|hasn'?t|broken|down)\b`,
    String.raw`\b(never|not) (arrived|received|delivered|refunded|showed up)\b`,
    String.raw`\b(refund|charged twice|double charged|overcharged|ripped off|rip-off|scam)\b`,
    String.raw`\b(unacceptable|ridiculous|disgrace|disgraceful|worst|terrible|awful|useless|pathetic)\b`,
    String.raw`\b(no (reply|response|answer|one answers)|nobody answers|ignored)\b`,
    String.raw`\b(doesn'?t work|does not work|not working|stopped working|keeps crashing|broken|outage|is down)\b`,
    String.raw`\b(fed up|sick of|disappointed|frustrated|furious|angry)\b`,
    String.raw`\b(cancel my|customer service|customer support|on hold for)\b`,
  ].join('|'),
);

/** URLs carry `?` in their query strings: removed before looking for a question mark. */
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/g;

/**
 * How negative the sentiment score must be for a mention to count as a complaint without a
 * complaint phrase: the model labels many flat, factual posts `negative` with a score near
 * the boundary (-0.15 to -0.35); a complaint without a phrase scores well below.
 */
export const COMPLAINT_SCORE = -0.4;

/**
 * Whether a text asks something or complains, in French or English. `negative` is the
 * sentiment enricher's score: a clearly negative mention of the brand is a complaint even without a
 * complaint phrase. Returns the reasons found (question before complaint), possibly none.
 */
export function questionOrComplaint(text: string, sentimentScore: number): ReplyReason[] {
  const folded = foldText(text.replace(URL, ' '));
  const out: ReplyReason[] = [];
  if (folded.includes('?') || QUESTION.test(folded)) out.push('question');
  if (sentimentScore <= COMPLAINT_SCORE || COMPLAINT.test(folded)) out.push('complaint');
  return out;
}
