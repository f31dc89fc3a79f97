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
import { volumeSpikeConfig } from './rules/volume-spike/config.ts';
import { negativeShareConfig } from './rules/negative-share/config.ts';
import { sentimentDropConfig } from './rules/sentiment-drop/config.ts';
import { influentialNegativeConfig } from './rules/influential-negative/config.ts';
import { keywordsConfig } from './rules/keywords/config.ts';
import { newTermConfig } from './rules/new-term/config.ts';
import { flatlineConfig } from './rules/flatline/config.ts';
import type { RuleCommon } from './rules/base.ts';

/** Every rule type, listed explicitly (nothing registers itself on import). */
export const ruleDefs = [volumeSpike, negativeShare, sentimentDrop, influentialNegative, keywords, newTerm, flatline] as const;

/** One rule of the `alerts.rules` config list, discriminated by `kind`. */
export const ruleConfigSchema = z.discriminatedUnion('kind', [
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
