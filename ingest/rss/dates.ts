const MONTHS: Record<string, number> = {
  jan: 0, janv: 0, janvier: 0, january: 0,
  feb: 1, fev: 1, 'fév': 1, fevr: 1, 'févr': 1, fevrier: 1, 'février': 1, february: 1,
  mar: 2, mars: 2, march: 2,
  apr: 3, avr: 3, avril: 3, april: 3,
  may: 4, mai: 4,
  jun: 5, juin: 5, june: 5,
  jul: 6, juil: 6, juillet: 6, july: 6,
  aug: 7, aou: 7, 'aoû': 7, aout: 7, 'août': 7, august: 7,
  sep: 8, sept: 8, septembre: 8, september: 8,
  oct: 9, octobre: 9, october: 9,
  nov: 10, novembre: 10, november: 10,
  dec: 11, 'déc': 11, decembre: 11, 'décembre': 11, december: 11,
};

/** Zone abbreviations met in feeds, in minutes east of UTC (HNE/HAE: Québec French for EST/EDT). */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, ast: -240, adt: -180, nst: -210, ndt: -150, hne: -300, hae: -240, cet: 60, cest: 120,
  bst: 60, met: 60, mest: 120,
};

const RFC822ISH = /^(?:[^\d\s,]+\.?,?\s+)?(\d{1,2})\s+([^\d\s.]+)\.?\s+(\d{2,4})(?:\s+|,\s*|\s*à\s*)(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/;

/**
 * Parses a feed date (RFC 822 / RFC 3339, plus the French month and day names and zone
 * abbreviations some feeds use) to a UTC ISO-8601 string; undefined when unreadable.
 */
export function parseFeedDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return undefined;
  const m = RFC822ISH.exec(s);
  if (m) return fromParts(m);
  // RFC 3339 / ISO 8601 only: V8's Date.parse reads almost anything ("1" is 2001-01-01). A bare
  // date-time without zone is taken as UTC, a bare date as its midnight UTC.
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!iso) return undefined;
  const zone = iso[3] ? (/^[+-]\d{4}$/.test(iso[3]) ? `${iso[3].slice(0, 3)}:${iso[3].slice(3)}` : iso[3].toUpperCase()) : 'Z';
  return valid(Date.parse(`${iso[1]}T${iso[2] ?? '00:00'}${zone}`));
}

function fromParts(m: RegExpExecArray): string | undefined {
  const month = MONTHS[m[2]!.toLowerCase().normalize('NFC')];
  if (month === undefined) return undefined;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  let offset = 0;
  const zone = m[7];
  if (zone) {
    const num = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (num) offset = (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3]));
    else {
      const z = ZONES[zone.toLowerCase()];
      if (z === undefined) return undefined;
      offset = z;
    }
  }
  const t = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) - offset * 60_000;
  return valid(t);
}

function valid(t: number): string | undefined {
  // Year 1 or 9999 is a placeholder, not a date.
  if (Number.isNaN(t) || t < Date.UTC(1990, 0, 1) || t >= Date.UTC(10000, 0, 1)) return undefined;
  return new Date(t).toISOString();
}
