import type { ComponentContext, ComponentDef } from '../core/contracts.ts';
import type { Organisations } from '../core/organisation.ts';
import { configUnion, type ConfigOf } from '../core/registry.ts';
import type { StatefulRule } from './contracts.ts';
import type { EngineRule } from './engine.ts';
import { volumeSpike } from './rules/volume-spike/index.ts';
import { negativeShare } from './rules/negative-share/index.ts';
import { sentimentDrop } from './rules/sentiment-drop/index.ts';
import { influentialNegative } from './rules/influential-negative/index.ts';
import { keywords } from './rules/keywords/index.ts';
import { newTerm } from './rules/new-term/index.ts';
import { flatline } from './rules/flatline/index.ts';
import { volumeSurge } from './rules/volume-surge/index.ts';
import { unanswered } from './rules/unanswered/index.ts';
import type { RuleCommon } from './rules/base.ts';
import type { Channel } from './contracts.ts';
import { webhook } from './channels/webhook/index.ts';
import { slack } from './channels/slack/index.ts';
import { teams } from './channels/teams/index.ts';
import { pagerduty } from './channels/pagerduty/index.ts';
import { email } from './channels/email/index.ts';
import type { ChannelCommon } from './channels/base.ts';

/** Every rule type, listed explicitly (nothing registers itself on import). */
export const ruleDefs = [volumeSurge, volumeSpike, negativeShare, sentimentDrop, influentialNegative, keywords, newTerm, flatline, unanswered] as const;

/** One rule of the `alerts.rules` config list, discriminated by `kind`: the union of the definitions' schemas. */
export const ruleConfigSchema = configUnion('rule', ruleDefs);
export type RuleConfig = ConfigOf<(typeof ruleDefs)[number]>;

/**
 * Creates the engine's rule instances from validated configs. `organisations` (from the watch
 * config) tells which watch entries are one organisation; without it each entry is its own.
 */
export function buildRules(configs: readonly RuleConfig[], ctx: ComponentContext, organisations?: Organisations): EngineRule[] {
  return configs.map((cfg) => {
    const def = ruleDefs.find((d) => d.kind === cfg.kind) as ComponentDef<RuleConfig, StatefulRule> | undefined;
    if (!def) throw new Error(`unknown rule kind ${cfg.kind}`);
    const common = cfg as RuleCommon;
    const rule = def.create(cfg, ctx);
    if (organisations) rule.useOrganisations?.(organisations);
    return {
      name: common.name,
      kind: cfg.kind,
      rule,
      policy: { cooldownMs: common.cooldown, resolveAfterMs: common.resolveAfter, escalateFactor: common.escalateFactor },
    };
  });
}

/** Every channel type, listed explicitly. */
export const channelDefs = [webhook, slack, teams, pagerduty, email] as const;

/** One channel of the `alerts.channels` config list, discriminated by `kind`: the union of the definitions' schemas. */
export const channelConfigSchema = configUnion('channel', channelDefs);
export type ChannelConfig = ConfigOf<(typeof channelDefs)[number]>;

/** A configured channel instance with the config fields routing needs. */
export interface NamedChannel {
  name: string;
  kind: string;
  config: ChannelCommon;
  channel: Channel;
}

/** Creates channel instances from validated configs. */
export function buildChannels(configs: readonly ChannelConfig[], ctx: ComponentContext): NamedChannel[] {
  return configs.map((cfg) => {
    const def = channelDefs.find((d) => d.kind === cfg.kind) as ComponentDef<ChannelConfig, Channel> | undefined;
    if (!def) throw new Error(`unknown channel kind ${cfg.kind}`);
    return { name: cfg.name, kind: cfg.kind, config: cfg, channel: def.create(cfg, ctx) };
  });
}
