import { z } from 'zod';
import type { ComponentContext, ComponentDef } from '../core/contracts.ts';
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
import { volumeSpikeConfig } from './rules/volume-spike/config.ts';
import { negativeShareConfig } from './rules/negative-share/config.ts';
import { sentimentDropConfig } from './rules/sentiment-drop/config.ts';
import { influentialNegativeConfig } from './rules/influential-negative/config.ts';
import { keywordsConfig } from './rules/keywords/config.ts';
import { newTermConfig } from './rules/new-term/config.ts';
import { flatlineConfig } from './rules/flatline/config.ts';
import { volumeSurgeConfig } from './rules/volume-surge/config.ts';
import type { RuleCommon } from './rules/base.ts';
import type { Channel } from './contracts.ts';
import { webhook } from './channels/webhook/index.ts';
import { slack } from './channels/slack/index.ts';
import { teams } from './channels/teams/index.ts';
import { pagerduty } from './channels/pagerduty/index.ts';
import { email } from './channels/email/index.ts';
import { webhookConfig } from './channels/webhook/config.ts';
import { slackConfig } from './channels/slack/config.ts';
import { teamsConfig } from './channels/teams/config.ts';
import { pagerdutyConfig } from './channels/pagerduty/config.ts';
import { emailConfig } from './channels/email/config.ts';
import type { ChannelCommon } from './channels/base.ts';

/** Every rule type, listed explicitly (nothing registers itself on import). */
export const ruleDefs = [volumeSurge, volumeSpike, negativeShare, sentimentDrop, influentialNegative, keywords, newTerm, flatline] as const;

/** One rule of the `alerts.rules` config list, discriminated by `kind`. */
export const ruleConfigSchema = z.discriminatedUnion('kind', [
  volumeSurgeConfig,
  volumeSpikeConfig,
  negativeShareConfig,
  sentimentDropConfig,
  influentialNegativeConfig,
  keywordsConfig,
  newTermConfig,
  flatlineConfig,
]);
export type RuleConfig = z.infer<typeof ruleConfigSchema>;

/** Creates the engine's rule instances from validated configs. */
export function buildRules(configs: readonly RuleConfig[], ctx: ComponentContext): EngineRule[] {
  return configs.map((cfg) => {
    const def = ruleDefs.find((d) => d.kind === cfg.kind) as ComponentDef<RuleConfig, StatefulRule> | undefined;
    if (!def) throw new Error(`unknown rule kind ${cfg.kind}`);
    const common = cfg as RuleCommon;
    return {
      name: common.name,
      kind: cfg.kind,
      rule: def.create(cfg, ctx),
      policy: { cooldownMs: common.cooldown, resolveAfterMs: common.resolveAfter, escalateFactor: common.escalateFactor },
    };
  });
}

/** Every channel type, listed explicitly. */
export const channelDefs = [webhook, slack, teams, pagerduty, email] as const;

/** One channel of the `alerts.channels` config list, discriminated by `kind`. */
export const channelConfigSchema = z.discriminatedUnion('kind', [webhookConfig, slackConfig, teamsConfig, pagerdutyConfig, emailConfig]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

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
