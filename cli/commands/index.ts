import type { Command } from '../command.ts';
import { command as alerts } from './alerts.ts';
import { command as backfill } from './backfill.ts';
import { command as checkConfig } from './check-config.ts';
import { command as enrich } from './enrich.ts';
import { command as forget } from './forget.ts';
import { command as desk } from './desk.ts';
import { command as ingest } from './ingest.ts';
import { command as kibana } from './kibana.ts';
import { command as models } from './models.ts';
import { command as indexStage } from './index-stage.ts';
import { command as init } from './init.ts';
import { command as report } from './report.ts';
import { command as run } from './run.ts';
import { command as sources } from './sources.ts';
import { command as stack } from './stack.ts';

/** Every subcommand, listed explicitly; `vigie --help` prints them in this order. */
export const commands: readonly Command[] = [init, run, ingest, backfill, enrich, indexStage, alerts, report, sources, kibana, desk, models, forget, stack, checkConfig];
