import type { SampleMention, Trigger } from '../../contracts.ts';
import { kqlAnd } from '../../kql.ts';
import { scopeKql } from '../../scope.ts';
import { fmtDuration, iso } from '../base.ts';
import type { UnansweredConfig } from './config.ts';
import { priorityAt, type Wait } from './wait.ts';

/** Mentions quoted in a page (the count covers all). */
const SAMPLES = 10;
/** What the Kibana link selects: the queue. */
const QUEUE_KQL = 'reply.needed:true and not response.answeredAt:*';

/** The trigger of one scope at `t`: every overdue wait counted, the highest priorities quoted first. */
export function triggerOf(c: UnansweredConfig, scope: string, firing: Wait[], t: number): Trigger {
  const ranked = firing.map((w) => ({ w, p: priorityAt(w, t) })).sort((a, b) => b.p - a.p || a.w.at - b.w.at);
  const oldest = Math.min(...firing.map((w) => w.at));
  const top = ranked[0]!;
  const minutes = (w: Wait) => Math.floor((t - w.at) / 60_000);
  const samples: SampleMention[] = ranked.slice(0, SAMPLES).map(({ w, p }) => ({
    id: w.id,
    ...(w.url ? { url: w.url } : {}),
    // Platform, age and priority instead of the post's text: the link leads to it.
    text: `[${w.platform} · ${minutes(w)} min · P${Math.round(p)}]`,
    ...(w.author ? { author: w.author } : {}),
    source: w.platform,
    publishedAt: iso(w.at),
    sentiment: w.score,
    ...(w.influence !== undefined ? { influence: w.influence } : {}),
  }));
  const authors = new Map<string, number>();
  for (const w of firing) if (w.author) authors.set(w.author, (authors.get(w.author) ?? 0) + 1);
  const n = firing.length;
  const longest = Math.floor((t - oldest) / 60_000);
  const who = top.w.author ?? '?';
  const base = scopeKql(scope, c.scope);
  return {
    rule: c.name,
    kind: 'unanswered',
    scope,
    severity: c.severity,
    value: n,
    eventTime: iso(t),
    reason: {
      en: `${n} mention(s) waiting for a reply for more than ${fmtDuration(c.after)} (longest ${longest} min; top priority ${Math.round(top.p)}: ${who} on ${top.w.platform})`,
      fr: `${n} mention(s) sans réponse depuis plus de ${fmtDuration(c.after)} (la plus ancienne : ${longest} min ; priorité la plus haute ${Math.round(top.p)} : ${who} sur ${top.w.platform})`,
    },
    evidence: {
      count: n,
      window: { from: iso(oldest), to: iso(t) },
      metrics: { waiting: n, longestMinutes: longest, maxPriority: Math.round(top.p), afterMinutes: Math.round(c.after / 60_000), minPriority: c.minPriority },
      samples,
      topAuthors: [...authors].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([author, count]) => ({ author, count })),
      topTerms: [],
    },
    kql: kqlAnd(base, QUEUE_KQL),
    kqlBroad: base,
  };
}
