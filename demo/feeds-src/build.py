#!/usr/bin/env python3
"""Builds the demo feeds in demo/feeds/ from the hand-written items in demo/feeds-src/*.py.

Why Python: le-fil-quebec.xml must be real Windows-1252 bytes and blogue-cafe.atom must start
with a UTF-8 byte-order mark; writing the bytes here keeps the items readable as UTF-8 source.
Every item, date and name is fictional and written for Vigie.

Usage: python3 demo/feeds-src/build.py   (then: node demo/check-feeds.mjs)
"""
import json
import runpy
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from xml.dom import minidom
from zoneinfo import ZoneInfo

SRC = Path(__file__).resolve().parent
OUT = SRC.parent / 'feeds'
YEAR = 2026
ANCHOR = '2026-11-20T12:00:00-05:00'
MONTREAL = ZoneInfo('America/Montreal')
PARIS = ZoneInfo('Europe/Paris')
UTC = ZoneInfo('UTC')


def load(name):
    return runpy.run_path(str(SRC / f'{name}.py'))['ITEMS']


def when(d, tz=MONTREAL):
    """'11-12 18:40' in the given zone -> aware datetime."""
    md, hm = d.split(' ')
    month, day = (int(x) for x in md.split('-'))
    hour, minute = (int(x) for x in hm.split(':'))
    return datetime(YEAR, month, day, hour, minute, tzinfo=tz)


def rfc822(d, tz=MONTREAL):
    return format_datetime(when(d, tz))


def iso(d, tz=MONTREAL):
    return when(d, tz).isoformat()


def expand(items):
    """Yields (item, copy) where repeated items come twice; `again` holds fields of the repeat."""
    for it in items:
        yield it, it
        if 'again' in it:
            yield it, {**it, **it['again']}


def cdata(html):
    return '<![CDATA[' + html + ']]>'


def rss_channel(title, link, desc, lang, body, extra_ns=''):
    language = f'<language>{lang}</language>\n' if lang else ''
    return (
        f'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"{extra_ns}>\n'
        f'<channel>\n<title>{escape(title)}</title>\n<link>{link}</link>\n'
        f'<description>{escape(desc)}</description>\n{language}'
        f'<lastBuildDate>{rfc822("11-20 11:05")}</lastBuildDate>\n'
        f'{body}</channel>\n</rss>\n'
    )


def fil_quebec(items):
    out, labels = [], []
    for n, (it, c) in enumerate(expand(items)):
        guid = f'lefil-{48210 + items.index(it)}'
        link = f'https://lefilquebec.example/actualites/{it.get("sec", "economie")}/{it["k"]}'
        desc = cdata(c['b']) if n % 2 == 0 else escape(c['b'])
        out.append(
            f'<item>\n<title>{escape(c["t"])}</title>\n<link>{link}</link>\n'
            f'<guid isPermaLink="false">{guid}</guid>\n<pubDate>{rfc822(c["d"])}</pubDate>\n'
            f'<dc:creator>{escape(c["a"])}</dc:creator>\n'
            f'<category>{escape(it.get("sec", "economie"))}</category>\n'
            f'<description>{desc}</description>\n</item>\n')
        if c is it:
            labels.append(label(it, guid, link))
    body = ''.join(out)
    xml = '<?xml version="1.0" encoding="windows-1252"?>\n' + rss_channel(
        'Le Fil Québec — Économie et consommation', 'https://lefilquebec.example/',
        'Nouvelles économiques et de consommation du Québec (données fictives de démonstration Vigie)',
        'fr-ca', body)
    (OUT / 'le-fil-quebec.xml').write_bytes(xml.encode('cp1252'))
    return labels


def blogue_cafe(items):
    out, labels = [], []
    for it, c in expand(items):
        tz = PARIS if it.get('fr') else MONTREAL
        ident = f'tag:blogue-cafe.example,2026:billet-{it["k"]}'
        link = f'https://blogue-cafe.example/2026/{it["k"]}/'
        updated = iso(c.get('u', c['d']), tz)
        summary = f'<summary>{escape(it["sum"])}</summary>\n' if 'sum' in it else ''
        out.append(
            f'<entry>\n<title>{escape(c["t"])}</title>\n<link rel="alternate" type="text/html" href="{link}"/>\n'
            f'<id>{ident}</id>\n<published>{iso(c["d"], tz)}</published>\n<updated>{updated}</updated>\n'
            f'<author><name>{escape(c["a"])}</name></author>\n{summary}'
            f'<content type="html">{escape(c["b"])}</content>\n</entry>\n')
        if c is it:
            labels.append(label(it, ident, link))
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">\n'
        '<title>Le Blogue du café — torréfaction, cafés et consommation responsable</title>\n'
        '<link rel="alternate" href="https://blogue-cafe.example/"/>\n'
        '<link rel="self" href="https://blogue-cafe.example/feed.atom"/>\n'
        '<id>tag:blogue-cafe.example,2026:feed</id>\n'
        f'<updated>{iso("11-20 09:30")}</updated>\n' + ''.join(out) + '</feed>\n')
    (OUT / 'blogue-cafe.atom').write_bytes(b'\xef\xbb\xbf' + xml.encode('utf-8'))
    return labels


def coffee_weekly(items):
    out, labels = [], []
    for it, c in expand(items):
        link = f'https://coffeeweekly.example/news/2026/{it["k"]}'
        encoded = f'<content:encoded>{cdata(c["full"])}</content:encoded>\n' if 'full' in c else ''
        out.append(
            f'<item>\n<title>{escape(c["t"])}</title>\n<link>{link}</link>\n'
            f'<guid isPermaLink="true">{link}</guid>\n<pubDate>{rfc822(c["d"], UTC)}</pubDate>\n'
            f'<dc:creator>{escape(c["a"])}</dc:creator>\n'
            f'<description>{escape(c["b"])}</description>\n{encoded}</item>\n')
        if c is it:
            labels.append(label(it, link, link))
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + rss_channel(
        'Coffee Weekly — trade news', 'https://coffeeweekly.example/',
        'Green coffee, roasting and retail news for the trade (fictional Vigie demo data)', 'en',
        ''.join(out), ' xmlns:content="http://purl.org/rss/1.0/modules/content/"')
    (OUT / 'coffee-weekly.xml').write_bytes(xml.encode('utf-8'))
    return labels


def forum(items):
    out, labels = [], []
    for n, (it, c) in enumerate(expand(items)):
        ident = f'forum-plaintes-{7301 + items.index(it)}'
        url = f'https://forum.plaintes.example/t/{it["k"]}'
        entry = {'id': ident, 'url': url}
        if 't' in c:
            entry['title'] = c['t']
        if '<' in c['b']:
            entry['content_html'] = c['b']
        else:
            entry['content_text'] = c['b']
        entry['date_published'] = when(c['d']).astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')
        entry['authors'] = [{'name': c['a']}]
        # Some French posts rely on the feed's language; every other post declares its own.
        if it['l'] != 'fr' or n % 3 != 2:
            entry['language'] = it['l']
        if 'tags' in it:
            entry['tags'] = it['tags']
        out.append(entry)
        if c is it:
            labels.append(label(it, ident, url))
    feed = {
        'version': 'https://jsonfeed.org/version/1.1',
        'title': 'Forum Plaintes & Avis — Café et alimentation',
        'home_page_url': 'https://forum.plaintes.example/',
        'feed_url': 'https://forum.plaintes.example/feed.json',
        'description': 'Avis et plaintes de consommateurs (données fictives de démonstration Vigie)',
        'language': 'fr-CA',
        'items': out,
    }
    (OUT / 'forum-plaintes.json').write_text(json.dumps(feed, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
    return labels


def social(items):
    out, labels = [], []
    for it, c in expand(items):
        status = 1129384700000000 + 7919 * items.index(it)
        link = f'https://reseau.example/{it["a"]}/status/{status}'
        guid = '' if it.get('noguid') else f'<guid isPermaLink="true">{link}</guid>\n'
        date = f'<pubDate>{rfc822(c["d"])}</pubDate>\n' if c.get('d') else ''
        out.append(
            f'<item>\n<link>{link}</link>\n{guid}{date}<dc:creator>{escape(it["a"])}</dc:creator>\n'
            f'<description>{escape(c["b"])}</description>\n</item>\n')
        if c is it:
            labels.append(label(it, link, link))
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + rss_channel(
        'Réseau — publications publiques sur le café', 'https://reseau.example/',
        'Publications publiques courtes (données fictives de démonstration Vigie)', None, ''.join(out))
    (OUT / 'reseau-social.xml').write_bytes(xml.encode('utf-8'))
    return labels


def label(it, ident, link):
    return {'key': it['k'], 'id': ident, 'link': link, 'lang': it['l'], 'sentiment': it['s'],
            **({'duplicateOf': it['dup']} if 'dup' in it else {})}


def check_well_formed():
    """Every XML file parses with its declared encoding (expat), the JSON Feed is JSON."""
    for name in ('le-fil-quebec.xml', 'blogue-cafe.atom', 'coffee-weekly.xml', 'reseau-social.xml'):
        doc = minidom.parse(str(OUT / name))
        assert doc.getElementsByTagName('item') or doc.getElementsByTagName('entry'), name
    json.loads((OUT / 'forum-plaintes.json').read_text(encoding='utf-8'))


FEEDS = [
    ('le-fil-quebec', fil_quebec),
    ('blogue-cafe', blogue_cafe),
    ('coffee-weekly', coffee_weekly),
    ('forum-plaintes', forum),
    ('reseau-social', social),
]


def main():
    OUT.mkdir(exist_ok=True)
    labels = {}
    for name, render in FEEDS:
        items = load(name)
        keys = [it['k'] for it in items]
        assert len(keys) == len(set(keys)), f'{name}: duplicate keys'
        labels[name] = render(items)
    by_key = {f'{feed}:{row["key"]}': row['id'] for feed, rows in labels.items() for row in rows}
    for rows in labels.values():
        for row in rows:
            if 'duplicateOf' in row:
                row['duplicateOf'] = by_key[row['duplicateOf']]
    check_well_formed()
    (OUT / 'labels.json').write_text(json.dumps({'anchor': ANCHOR, 'feeds': labels}, ensure_ascii=False, indent=1) + '\n',
                                     encoding='utf-8')
    # The forum is a Discourse listing, not a feed: its own script writes it.
    runpy.run_path(str(SRC / 'forum-cafeiste.py'), run_name='__main__')


if __name__ == '__main__':
    main()
