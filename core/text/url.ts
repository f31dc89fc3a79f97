const HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]+)/i;

/**
 * Host of an absolute URL (a bare `www.` URL is accepted too), lowercase, without a leading
 * `www.` or trailing dot; undefined when there is none.
 */
export function urlHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = HOST.exec(/^www\./i.test(url) ? `http://${url}` : url);
  if (!m) return undefined;
  const h = m[1]!.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  return h === '' ? undefined : h;
}

/**
 * Multi-label public suffixes under which the registrable domain has one more label: a built-in
 * subset of the Public Suffix List (country second levels and common hosting platforms), enough
 * for the sources Vigie watches without shipping the whole list.
 */
const SUFFIXES = new Set(
  [
    'co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk net.uk sch.uk nhs.uk police.uk',
    'com.au net.au org.au edu.au gov.au asn.au id.au co.nz org.nz net.nz govt.nz ac.nz',
    'co.jp ne.jp or.jp ac.jp go.jp com.cn net.cn org.cn gov.cn com.hk com.tw com.sg com.my co.kr or.kr co.in gov.in net.in org.in',
    'com.br net.br org.br gov.br com.mx gob.mx org.mx com.ar gob.ar com.co com.pe com.uy com.ve',
    'co.za org.za gov.za com.tr gov.tr com.eg com.sa com.ma co.il org.il gov.il com.ua',
    'gouv.fr asso.fr nom.fr com.fr tm.fr gc.ca qc.ca on.ca bc.ca ab.ca mb.ca sk.ca ns.ca nb.ca nl.ca pe.ca yk.ca nt.ca nu.ca',
    'gv.at co.at or.at com.es org.es gob.es com.pt gov.pt com.pl org.pl gov.pl co.it gov.it com.gr gov.be',
    'blogspot.com wordpress.com tumblr.com substack.com github.io gitlab.io netlify.app vercel.app herokuapp.com pages.dev web.app firebaseapp.com',
  ]
    .join(' ')
    .split(' '),
);
const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[.*\])$/;

/** Registrable domain of a host (`news.bbc.co.uk` → `bbc.co.uk`, `www.example.com` → `example.com`); IPs unchanged. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  if (IP.test(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const last2 = labels.slice(-2).join('.');
  return SUFFIXES.has(last2) ? labels.slice(-3).join('.') : last2;
}
