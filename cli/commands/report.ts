import { listFlag, parseFlags } from '../args.ts';
import type { Command } from '../command.ts';
import { loadConfig } from '../config.ts';
import { VigieError } from '../../core/errors.ts';
import { reportFormats, reportLocales, type ReportFormat, type ReportLocale } from '../../reports/config.ts';
import { reportEsClient, reportSubjects, reportsSection } from '../../reports/context.ts';
import { generateReport } from '../../reports/generate.ts';
import { checkTimeZone, lastFullWeek, parseIsoWeek } from '../../reports/week.ts';

export const command: Command = {
  usage: `Usage: vigie report --config <file> --brand <watch entry name> [options]

  --week <2026-W47>        ISO week (default: the last full week in the time zone)
  --format <list>          html,pdf,md,json (default: reports.formats, else all four)
  --out <dir>              output directory (default: reports.outDir, else ./reports-out)
  --locale <fr|en>         language of labels, numbers and dates (default: reports.locale, else fr)
  --tz <IANA zone>         week boundaries: Monday 00:00 to Monday 00:00 local
                           (default: reports.timeZone, else America/Montreal)

Reads the mentions of the watch entry and of the competitor entries from the
<indexPrefix>-mentions alias, prints the path of every file written. The PDF needs headless
Chromium on PATH (Debian: apt-get install chromium); without it the other formats are still
written and the reason is printed (exit 1 when pdf was asked for explicitly).`,
  async run(args) {
    const { values } = parseFlags(args, {
      config: { type: 'string', short: 'c' },
      brand: { type: 'string', short: 'b' },
      week: { type: 'string', short: 'w' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      locale: { type: 'string' },
      tz: { type: 'string' },
    });
    if (!values.config || !values.brand) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const cfg = await loadConfig(values.config);
    const section = reportsSection(cfg);
    const subjects = usage(() => reportSubjects(cfg, values.brand!));
    const tz = usage(() => checkTimeZone(values.tz ?? section.timeZone));
    const week = usage(() => (values.week ? parseIsoWeek(values.week, tz) : lastFullWeek(Date.now(), tz)));
    const formats = (listFlag(values.format) ?? section.formats) as ReportFormat[];
    const badFormat = formats.filter((f) => !(reportFormats as readonly string[]).includes(f));
    if (badFormat.length || formats.length === 0) throw new VigieError('ERR_USAGE', `--format: unknown format(s) ${badFormat.join(', ') || '(none)'}; formats: ${reportFormats.join(', ')}`);
    const locale = (values.locale ?? section.locale) as ReportLocale;
    if (!(reportLocales as readonly string[]).includes(locale)) throw new VigieError('ERR_USAGE', `--locale must be fr or en, got ${JSON.stringify(locale)}`);

    const client = reportEsClient(cfg.elasticsearch);
    try {
      const r = await generateReport({
        client,
        prefix: cfg.elasticsearch.indexPrefix,
        ...subjects,
        week,
        locale,
        formats: [...new Set(formats)],
        outDir: values.out ?? section.outDir,
      });
      for (const f of r.files) process.stdout.write(`${f.path}\n`);
      for (const f of r.failed) process.stderr.write(`vigie report: ${f.format} not written: ${f.code}: ${f.message}\n`);
      return r.failed.length > 0 && values.format !== undefined ? 1 : 0;
    } finally {
      await client.close();
    }
  },
};

/** Bad flag values are usage errors (exit 2). */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof VigieError) throw new VigieError('ERR_USAGE', e.message, { cause: e });
    throw e;
  }
}
