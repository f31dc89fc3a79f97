#!/usr/bin/env python3
"""Le Caféiste: a fictional Discourse forum of Québec coffee lovers, where the brand's community
team (`boreale_equipe`, an owned account in demo/config.yaml) answers some posts and leaves others
waiting. Written as the body of Discourse's /posts.json (newest first); `npm run demo` serves it
page by page (`before=<post id>`) under /forum, and the `discourse` connector reads it.

Each post: k key, topic (number), n post number, to (post number replied to), d Montréal time,
a author (`boreale_equipe` is the brand), l language, s intended sentiment, b text; the first
post of a topic carries t (title). Every customer post names the brand, so it matches the watch
query whatever the order of enrichment; the brand's own posts are kept as owned posts.

Usage: python3 demo/feeds-src/forum-cafeiste.py   (build.py runs it too)
"""
import json
from datetime import datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

OUT = Path(__file__).resolve().parent.parent / 'feeds' / 'forum-cafeiste.json'
MONTREAL = ZoneInfo('America/Montreal')
UTC = ZoneInfo('UTC')
BRAND = 'boreale_equipe'
NAMES = {
    BRAND: 'L’équipe Brûlerie Boréale', 'sylvie_r': 'Sylvie Roy', 'mike_in_mtl': 'Mike O’Neil',
    'jf_bouchard': 'J-F Bouchard', 'karine_qc': 'Karine Lévesque', 'lena.k': 'Lena K.',
    'marc_andre_z': 'Marc-André Z.', 'pierre_tremblay58': 'Pierre Tremblay', 'coffee_dad_42': 'Dave',
    'catou_b': 'Catherine B.', 'amelie_p': 'Amélie Poirier', 'tom_bergeron': 'Tom Bergeron',
    'nadia_s': 'Nadia Saïdi', 'gaston_l': 'Gaston Lapointe', 'julie_m': 'Julie Martel', 'ravi_k': 'Ravi K.',
}

POSTS = [
    # Week of Nov 2 (calm): the team answers within minutes to a night.
    dict(k='limoilou-horaire', topic=401, n=1, d='11-02 09:12', a='sylvie_r', l='fr', s='neu',
         t='Brûlerie Boréale Limoilou : horaire du dimanche?',
         b='Est-ce que la Brûlerie Boréale de Limoilou ouvre à 7 h le dimanche? Le site dit 8 h mais Google dit 7 h.'),
    dict(k='limoilou-horaire-r', topic=401, n=2, to=1, d='11-02 09:31', a=BRAND, l='fr', s='pos',
         b='Bonjour Sylvie! Limoilou ouvre à 7 h tous les jours depuis octobre; on corrige le site aujourd’hui. Merci du signalement ☕'),
    dict(k='grind-fine', topic=402, n=1, d='11-03 14:05', a='mike_in_mtl', l='en', s='neg',
         t='Brûlerie Boréale beans ground too fine?',
         b='Anyone know why the Brûlerie Boréale Huila bag I bought is ground so fine? My French press is full of sludge. Did they change the grind?'),
    dict(k='grind-fine-r', topic=402, n=2, to=1, d='11-03 14:52', a=BRAND, l='en', s='neu',
         b='Hi Mike, sorry about that! A few espresso-grind labels went on filter bags at Saint-Roch last week. Bring the bag to any of our cafés and we will swap it. Julie, Brûlerie Boréale'),
    dict(k='fidelite-points', topic=403, n=1, d='11-04 20:40', a='jf_bouchard', l='fr', s='neg',
         t='Carte fidélité Boréale : points perdus',
         b='Ma carte fidélité Brûlerie Boréale marche pu dans l’appli depuis la mise à jour. Ça fait 3 fois que je perds mes points, c’est plate.'),
    dict(k='fidelite-points-r', topic=403, n=2, to=1, d='11-04 22:25', a=BRAND, l='fr', s='neu',
         b='Bonjour! Désolés pour vos points. La version 4.2 de l’appli a un bogue connu sur Android : écrivez-nous votre courriel en message privé et on rétablit vos points aujourd’hui.'),
    dict(k='quebec-stationnement', topic=404, n=1, d='11-05 12:10', a='karine_qc', l='fr', s='neu',
         t='Boréale à Québec : stationnement?',
         b='Pour la nouvelle Brûlerie Boréale à Québec, y a-tu du stationnement proche? Je viens de Lévis samedi.'),
    dict(k='quebec-stationnement-r', topic=404, n=2, to=1, d='11-05 12:22', a=BRAND, l='fr', s='pos',
         b='Allô Karine! Le stationnement Saint-Roch est à deux minutes à pied, et la première heure est offerte avec un café. Au plaisir samedi!'),
    dict(k='decaf', topic=405, n=1, d='11-06 19:40', a='lena.k', l='en', s='neu',
         t='Decaf at Brûlerie Boréale?',
         b='Does Brûlerie Boréale sell a Swiss Water decaf? My partner is pregnant and misses good coffee.'),
    dict(k='decaf-r', topic=405, n=2, to=1, d='11-07 08:55', a=BRAND, l='en', s='pos',
         b='Hi Lena, yes: our Nuit Swiss Water decaf is in every café and online. Congratulations to you both!'),
    dict(k='vrac', topic=406, n=1, d='11-07 16:00', a='marc_andre_z', l='fr', s='neg',
         t='Boréale en vrac?',
         b='J’aime le café de Boréale, mais pourquoi pas de vrac avec nos pots? Les sacs d’aluminium, c’est pas fort pour une brûlerie qui parle d’environnement.'),

    # Week of Nov 9: calm start, then the Nitro Boréal recall (Nov 12 from 17:40) swamps the team.
    dict(k='filtre-prix', topic=407, n=1, d='11-09 10:30', a='pierre_tremblay58', l='fr', s='neu',
         t='Prix gelé du filtre Brûlerie Boréale',
         b='Est-ce que le prix gelé du filtre chez Brûlerie Boréale tient aussi pour les grands formats?'),
    dict(k='filtre-prix-r', topic=407, n=2, to=1, d='11-09 11:02', a=BRAND, l='fr', s='pos',
         b='Bonjour Pierre! Oui, le grand format est aussi à prix gelé jusqu’en janvier.'),
    dict(k='espresso-amer', topic=408, n=1, d='11-10 15:45', a='coffee_dad_42', l='en', s='neg',
         t='Brûlerie Boréale espresso more bitter?',
         b='Is it me or has the Brûlerie Boréale espresso blend gotten more bitter lately? Two bags in a row taste burnt.'),
    dict(k='espresso-amer-r', topic=408, n=2, to=1, d='11-10 18:20', a=BRAND, l='en', s='neu',
         b='Thanks for telling us. We changed the roast profile on Oct 28; the roast date is on the bag. Bring it back and we will exchange it for the Huila single origin.'),
    dict(k='rappel-urgence', topic=409, n=1, d='11-12 18:25', a='catou_b', l='fr', s='neg',
         t='RAPPEL Nitro Boréal : vos questions',
         b='J’ai bu un Nitro Boréal hier soir, lot 2612B. Est-ce que je dois aller à l’urgence?? Brûlerie Boréale, répondez svp'),
    dict(k='rappel-urgence-r', topic=409, n=2, to=1, d='11-12 18:48', a=BRAND, l='fr', s='neu',
         b='Bonjour, sans symptôme, pas besoin d’aller à l’urgence. En cas de vision trouble, de difficulté à avaler ou de faiblesse, appelez Info-Santé 811. Remboursement : 1-800-555-0142.'),
    dict(k='rappel-lot-2613', topic=409, n=3, to=1, d='11-12 19:10', a='amelie_p', l='fr', s='neg',
         b='Même question pour le lot 2613A, Brûlerie Boréale? Mon conjoint en a bu deux cette semaine.'),
    dict(k='refund-line', topic=409, n=4, to=1, d='11-12 20:05', a='tom_bergeron', l='en', s='neg',
         b='Brûlerie Boréale, the refund line has been busy for two hours. How do I get my money back for 6 cans?'),
    dict(k='rappel-lot-2613-r', topic=409, n=5, to=3, d='11-12 21:40', a=BRAND, l='fr', s='neu',
         b='Les lots 2610A à 2614C sont tous visés. Mêmes consignes : sans symptôme, pas d’urgence; Info-Santé 811 au besoin.'),
    dict(k='refund-line-r', topic=409, n=6, to=4, d='11-13 09:15', a=BRAND, l='en', s='neu',
         b='Tom, sorry for the wait: grocers refund the cans without a receipt, and our online form is open at boreale.example/rappel.'),
    dict(k='enfants-fidelite', topic=410, n=1, d='11-12 22:30', a='nadia_s', l='fr', s='neg',
         t='Nitro Boréal et les enfants',
         b='Mes enfants ont bu du Nitro Boréal dimanche. Pourquoi Brûlerie Boréale n’a pas écrit aux membres fidélité? On apprend ça aux nouvelles, c’est inacceptable.'),
    dict(k='no-email', topic=411, n=1, d='11-13 08:10', a='mike_in_mtl', l='en', s='neg',
         t='Boréale recall: still no email',
         b='Still no email from Brûlerie Boréale about the recall and I am a loyalty member. Why do I have to find out on a forum? Terrible.'),
    dict(k='no-email-r', topic=411, n=2, to=1, d='11-13 16:40', a=BRAND, l='en', s='neu',
         b='Mike, you are right: loyalty members should have heard from us first. The emails went out this afternoon. We are sorry.'),
    dict(k='remboursement-refuse', topic=412, n=1, d='11-13 13:30', a='gaston_l', l='fr', s='neg',
         t='Remboursement Nitro Boréal refusé',
         b='L’épicier refuse de me rembourser mes canettes de Nitro Boréal sans reçu. Brûlerie Boréale, vous aviez dit sans reçu! Je fais quoi?'),
    dict(k='hospitalisation', topic=413, n=1, d='11-13 17:05', a='julie_m', l='fr', s='neg',
         t='Nitro Boréal : une hospitalisation?',
         b='Est-ce vrai qu’une personne a été hospitalisée après avoir bu du Nitro Boréal? Brûlerie Boréale ne dit rien.'),
    dict(k='hospitalisation-r', topic=413, n=2, to=1, d='11-13 17:30', a=BRAND, l='fr', s='neu',
         b='Non : aucun cas de maladie n’a été signalé à ce jour (MAPAQ et ACIA). Le rappel est préventif.'),
    dict(k='bravo-transparence', topic=414, n=1, d='11-14 10:00', a='sylvie_r', l='fr', s='pos',
         t='On continue d’encourager Boréale',
         b='Bravo à Brûlerie Boréale pour la transparence du rappel. J’y retourne demain matin avec mon chum.'),
    dict(k='shelves', topic=415, n=1, d='11-14 15:20', a='ravi_k', l='en', s='neg',
         t='Recalled Nitro Boréal still on shelves',
         b='Brûlerie Boréale, recalled Nitro Boréal cans are still on the shelf at the grocery on Mont-Royal. Is anyone even checking the stores?'),
    dict(k='huila-en-ligne', topic=416, n=1, d='11-11 19:30', a='karine_qc', l='fr', s='neu',
         t='Huila de Boréale en ligne?',
         b='Le Huila de la Brûlerie Boréale est-tu en vente en ligne? Je veux l’offrir en cadeau.'),
    dict(k='huila-en-ligne-r', topic=416, n=2, to=1, d='11-11 20:10', a=BRAND, l='fr', s='pos',
         b='Oui Karine, sur notre boutique en ligne, avec emballage cadeau offert jusqu’au 24 décembre.'),

    # Week of Nov 16.
    dict(k='saint-roch-froid', topic=418, n=1, d='11-18 08:30', a='jf_bouchard', l='fr', s='neg',
         t='Brûlerie Boréale Saint-Roch frette le matin',
         b='Pourquoi c’est toujours aussi frette dans la Brûlerie Boréale Saint-Roch le matin? On garde nos manteaux pour boire notre café.'),
    dict(k='veillee-grains', topic=417, n=1, d='11-19 09:00', a='lena.k', l='en', s='neu',
         t='Veillée in whole beans?',
         b='Is the Brûlerie Boréale holiday blend Veillée available in whole beans?'),
    dict(k='veillee-grains-r', topic=417, n=2, to=1, d='11-19 09:14', a=BRAND, l='en', s='pos',
         b='Hi Lena! Yes, Veillée comes in whole beans (340 g and 1 kg), in our cafés and online.'),
]


def slug(title):
    import unicodedata
    s = unicodedata.normalize('NFD', title).encode('ascii', 'ignore').decode().lower()
    return '-'.join(w for w in ''.join(c if c.isalnum() else ' ' for c in s).split())


def main():
    keys = [p['k'] for p in POSTS]
    assert len(keys) == len(set(keys)), 'duplicate keys'
    titles = {p['topic']: p['t'] for p in POSTS if p['n'] == 1}
    users = {u: i + 100 for i, u in enumerate(NAMES)}
    dated = sorted(POSTS, key=lambda p: p['d'])
    out = []
    for i, p in enumerate(dated):
        md, hm = p['d'].split(' ')
        month, day = (int(x) for x in md.split('-'))
        hour, minute = (int(x) for x in hm.split(':'))
        at = datetime(2026, month, day, hour, minute, tzinfo=MONTREAL).astimezone(UTC)
        replies = sum(1 for q in POSTS if q['topic'] == p['topic'] and q.get('to') == p['n'])
        title = titles[p['topic']]
        out.append({
            'id': 9001 + i, 'name': NAMES[p['a']], 'username': p['a'], 'user_id': users[p['a']],
            'created_at': at.strftime('%Y-%m-%dT%H:%M:%S.000Z'), 'cooked': f'<p>{escape(p["b"], quote=False)}</p>',
            'post_number': p['n'], 'post_type': 1, 'reply_to_post_number': p.get('to'), 'reply_count': replies,
            'reads': 12 + 7 * replies, 'topic_id': p['topic'], 'topic_slug': slug(title), 'topic_title': title,
            'hidden': False, 'deleted_at': None, 'staff': p['a'] == BRAND,
            'vigie_label': {'key': p['k'], 'lang': p['l'], 'sentiment': p['s']},
        })
    out.reverse()
    OUT.write_text(json.dumps({'latest_posts': out}, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')


if __name__ == '__main__':
    main()
