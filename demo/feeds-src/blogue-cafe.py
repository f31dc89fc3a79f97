# Le Blogue du café: fictional French-language coffee blog (Québec and France authors), Atom, UTF-8 with BOM.
# Fields as in le-fil-quebec.py; fr=True dates the post in Paris time; u = updated time; sum = summary.
ITEMS = [
dict(k='guide-v60', d='10-30 20:00', l='fr', s='neu', a='Émilie Gauthier',
     t='Bien réussir son café filtre au V60',
     b='<p>Le V60 est l’outil préféré des baristas pour le café filtre. Quelques règles simples : 15 g de café pour 250 g d’eau, '
       'une mouture moyenne-fine, une eau à 94 °C et une infusion de trois minutes.</p><p>Le reste, c’est de la pratique.</p>'),
dict(k='boreale-kenya', d='10-31 09:30', l='fr', s='pos', a='Émilie Gauthier',
     t='Coup de cœur : le Kenya Kiambu de la Brûlerie Boréale',
     b='<p>Je n’attendais pas grand-chose de ce Kenya et j’ai eu tort. Le Kiambu de la <b>Brûlerie Boréale</b> est juteux, '
       'avec des notes de cassis et de pamplemousse rose. Une torréfaction claire, parfaitement maîtrisée. À 22 $ les 340 g, ce n’est pas donné, '
       'mais c’est le meilleur filtre que j’ai bu cet automne.</p>'),
dict(k='paris-cafes-specialite', d='11-01 10:00', l='fr', s='pos', fr=True, a='Lucie Martin',
     t='Paris : cinq adresses de café de spécialité à découvrir cet automne',
     b='<p>Le café de spécialité n’est plus une affaire de quelques initiés à Paris. Du 11e au 18e arrondissement, les torréfacteurs '
       'ouvrent des comptoirs où l’on sert des origines tracées jusqu’à la parcelle. Voici nos cinq coups de cœur, du filtre éthiopien '
       'au cappuccino à l’avoine.</p>'),
dict(k='prix-cafe-explique', d='11-02 08:00', l='fr', s='neu', a='Jérôme Paquette',
     t='Pourquoi votre café coûte plus cher : le cours de l’arabica expliqué',
     b='<p>Le prix du café que vous payez dépend d’abord du cours de l’arabica à la bourse de New York. Sécheresses au Brésil, '
       'coût du transport, taux de change : on démêle les facteurs qui ont fait doubler le prix du grain vert en trois ans.</p>'),
dict(k='nordik-espresso', d='11-03 18:30', l='fr', s='neg', a='Jérôme Paquette',
     t='J’ai testé l’espresso du Torréfacteur Nordik… et je suis resté sur ma faim',
     b='<p>Sur papier, le mélange maison de <b>Torréfacteur Nordik</b> a tout pour plaire. En tasse, c’est plus compliqué : '
       'une amertume qui écrase tout, un arrière-goût de brûlé. Le lait sauve les meubles, mais en espresso simple, c’est décevant.</p>'),
dict(k='capsules-compostables-verite', d='11-04 12:00', l='fr', s='neu', fr=True, a='Lucie Martin',
     t='Capsules compostables : ce que disent vraiment les labels',
     b='<p>« Compostable », « biosourcé », « recyclable » : les mentions se multiplient sur les boîtes de capsules. En France, une capsule '
       'dite compostable doit l’être en compostage industriel, pas forcément dans votre composteur de jardin. On fait le point, label par label.</p>'),
dict(k='cascade-zero-communique', d='11-05 10:30', l='fr', s='pos', a='Rédaction du Blogue',
     dup='le-fil-quebec:cascade-zero-lancement',
     t='Café Cascade lance Cascade Zéro, des capsules compostables fabriquées au Québec',
     b='<p>Nous reproduisons le communiqué reçu ce matin.</p><p><b>Communiqué</b> — Café Cascade annonce le lancement de Cascade Zéro, '
       'une gamme de capsules compostables compatibles avec la plupart des machines à espresso. Les capsules sont fabriquées à Drummondville '
       'à partir de fibres végétales. Cascade Zéro sera offerte dans 300 épiceries du Québec dès le 10 novembre, au prix de 8,99 $ la boîte de 12.</p>'),
dict(k='cascade-zero-avis', d='11-07 19:00', l='fr', s='neg', a='Émilie Gauthier',
     t='Cascade Zéro : une bonne idée, un café moyen',
     b='<p>J’ai voulu aimer les capsules compostables de <b>Café Cascade</b>. L’idée est excellente, l’emballage est joli, '
       'mais le café est plat et une capsule sur cinq se bloque dans ma machine. À ce prix-là, je retourne à mon moulin.</p>'),
dict(k='syndicat-opinion', d='11-09 21:00', l='fr', s='pos', a='Jérôme Paquette',
     t='Oui, les baristas ont raison de se syndiquer',
     b='<p>On parle beaucoup de la qualité du café, rarement de ceux qui le préparent. Horaires imprévisibles, pourboires opaques, '
       'salaires qui n’ont pas suivi l’inflation : la syndicalisation des baristas chez Torréfacteur Nordik est une bonne nouvelle pour le métier.</p>'),
dict(k='equitable-vs-direct', d='11-10 11:00', l='fr', s='neu', fr=True, a='Lucie Martin',
     t='Commerce équitable ou commerce direct : quelle différence?',
     b='<p>Le commerce équitable garantit un prix minimum et une prime aux coopératives certifiées. Le commerce direct, lui, repose sur '
       'une relation entre un torréfacteur et un producteur, sans label. Les deux ont leurs forces; aucun ne suffit à lui seul.</p>'),
dict(k='boreale-huila', d='11-11 14:00', l='fr', s='pos', a='Émilie Gauthier',
     t='Boréale et le Huila : enfin un contrat qui a du sens',
     b='<p>Cinq ans d’engagement, un prix 40 % au-dessus du cours : l’entente entre la <b>Brûlerie Boréale</b> et la Cooperativa Los Naranjos '
       'est le genre de nouvelle qu’on aimerait lire plus souvent. Reste à voir si les détails seront publiés.</p>'),
dict(k='rappel-reaction', d='11-12 22:30', l='fr', s='neg', a='Jérôme Paquette',
     t='Rappel du Nitro Boréal : la douche froide',
     b='<p>Je bois le cold brew de la <b>Brûlerie Boréale</b> depuis trois ans. Apprendre ce soir qu’il fait l’objet d’un rappel pour botulisme, '
       'c’est un choc. Vérifiez vos frigos : lots 2610A à 2614C. Et ne goûtez pas « pour voir ».</p>'),
dict(k='cold-brew-securite', d='11-13 10:00', l='fr', s='neu', a='Émilie Gauthier',
     t='Faire son cold brew maison sans risque',
     b='<p>Après le rappel de cette semaine, plusieurs lecteurs m’ont demandé si le cold brew maison est dangereux. Réponse courte : non, '
       's’il est fait au réfrigérateur, conservé au froid et bu en moins de dix jours. La mise en canette sans oxygène, elle, demande un contrôle strict.</p>'),
dict(k='rappel-confiance', d='11-13 20:00', l='fr', s='neg', a='Jérôme Paquette',
     t='Brûlerie Boréale : la confiance, ça se perd vite',
     b='<p>Le rappel lui-même, je le comprends. Ce qui me dérange, c’est le silence de la <b>Brûlerie Boréale</b> pendant les premières heures '
       'et l’absence de courriel aux clients inscrits. Pour une entreprise qui se vante de sa transparence, c’est raté.</p>'),
dict(k='rappel-defense', d='11-14 09:00', l='fr', s='pos', a='Émilie Gauthier',
     t='En défense de la Brûlerie Boréale',
     b='<p>Soyons honnêtes : un rappel volontaire, c’est exactement ce qu’on attend d’une entreprise responsable. La <b>Brûlerie Boréale</b> '
       'a retiré son produit avant qu’il y ait un seul malade. Ce n’est pas parfait, mais ce n’est pas mal géré du tout.</p>'),
dict(k='lyon-torrefacteurs', d='11-14 15:00', l='fr', s='pos', fr=True, a='Thomas Girard',
     t='Lyon, nouvelle capitale de la torréfaction artisanale?',
     b='<p>Avec une dizaine de torréfacteurs indépendants en moins de cinq ans, Lyon s’impose comme une ville de café. Nous avons rencontré '
       'trois artisans qui torréfient sur place et vendent leurs grains à moins de 20 kilomètres de l’atelier.</p>'),
dict(k='machine-espresso-budget', d='11-15 10:00', l='fr', s='neu', a='Jérôme Paquette',
     t='Quelle machine à espresso pour moins de 500 $?',
     b='<p>Faut-il un moulin séparé? Une chaudière double? Pour un budget de moins de 500 $, nous avons comparé quatre machines à espresso '
       'domestiques. Conclusion : investissez d’abord dans le moulin, c’est lui qui fait la différence dans la tasse.</p>'),
dict(k='nordik-app-test', d='11-16 20:00', l='fr', s='pos', a='Émilie Gauthier',
     t='L’application de Torréfacteur Nordik, testée et approuvée',
     b='<p>Commander son latte sur l’application de <b>Torréfacteur Nordik</b> et le trouver prêt en arrivant : franchement, c’est tiguidou. '
       'L’interface est simple et les points s’accumulent vite. Seul bémol : pas de mode hors ligne.</p>'),
dict(k='cascade-zero-compost', d='11-17 12:00', l='fr', s='neg', a='Jérôme Paquette',
     t='Cascade Zéro : compostable… mais pas chez vous',
     b='<p>Montréal confirme que les capsules de <b>Café Cascade</b> n’ont pas leur place dans le bac brun. On se retrouve donc avec une capsule '
       'vendue comme écologique qui finit à la poubelle. Le marketing a couru plus vite que la réalité.</p>'),
dict(k='greve-solidarite', d='11-17 21:00', l='fr', s='neu', a='Jérôme Paquette',
     t='Grève des baristas : ce que j’ai vu rue Peel',
     b='<p>Une vingtaine de baristas, des pancartes, des thermos de café offerts aux passants. La grève d’un jour devant le café de la rue Peel '
       'était calme. Les clients interrogés étaient partagés entre la sympathie et l’agacement.</p>'),
dict(k='boreale-audit-avis', d='11-18 13:00', l='fr', s='pos', a='Émilie Gauthier',
     t='Audit de la Brûlerie Boréale : enfin des réponses claires',
     b='<p>Un réfrigérateur défectueux, un suivi de température insuffisant, des mesures correctives précises : le rapport d’audit publié par '
       'la <b>Brûlerie Boréale</b> est clair et complet. C’est exactement le genre de transparence qu’on réclamait la semaine dernière.</p>'),
dict(k='veillee-degustation', d='11-19 17:00', l='fr', s='pos', a='Émilie Gauthier',
     t='Dégustation : Veillée, le mélange des Fêtes de Boréale',
     b='<p>Cerise, chocolat noir, une finale un peu épicée : Veillée est un mélange des Fêtes réussi, qui reste intéressant en filtre comme '
       'en espresso. Pas mauvais du tout, même pour ceux qui, comme moi, se méfient des cafés « de saison ».</p>'),
dict(k='bordeaux-capsules', d='11-06 09:00', l='fr', s='neg', fr=True, a='Thomas Girard',
     t='Capsules en aluminium : le recyclage reste marginal en France',
     b='<p>Moins d’une capsule en aluminium sur trois serait réellement recyclée en France, malgré les points de collecte des marques. '
       'Les capsules compostables sont présentées comme la solution, mais la filière de compostage industriel reste embryonnaire.</p>'),
dict(k='decafeine-guide', d='11-08 11:00', l='fr', s='neu', a='Émilie Gauthier',
     t='Le décaféiné de spécialité existe (et il est bon)',
     b='<p>Procédé à l’eau, au CO2 ou au sucre de canne : les décaféinés de spécialité n’ont plus rien à voir avec le café fade d’autrefois. '
       'Trois torréfacteurs québécois en proposent cet automne.</p>'),
dict(k='latte-art-montreal', d='11-08 16:00', l='fr', s='pos', a='Jérôme Paquette',
     t='Championnat de latte art : Montréal brille',
     b='<p>Deux baristas montréalais se sont classés parmi les cinq premiers du championnat canadien de latte art, tenu à Toronto. '
       'Une belle vitrine pour la scène locale du café de spécialité.</p>'),
dict(k='prix-tasse-paris', d='11-09 10:00', l='fr', s='neg', fr=True, a='Lucie Martin',
     t='L’expresso à 2,50 € : les cafetiers n’ont plus le choix',
     b='<p>Entre le prix du grain, l’énergie et les loyers, les cafetiers parisiens répercutent la hausse : l’expresso au comptoir dépasse '
       'désormais 2,50 € dans beaucoup d’arrondissements. Les habitués grincent des dents, les torréfacteurs aussi.</p>'),
dict(k='nordik-toronto-avis', d='11-16 11:00', l='fr', s='neu', a='Jérôme Paquette',
     t='Nordik à Toronto : pari risqué ou coup de génie?',
     b='<p><b>Torréfacteur Nordik</b> arrive à Toronto dans un marché saturé de cafés de spécialité. L’entreprise mise sur son image québécoise '
       'et sur des prix plus bas que la moyenne. Le pari est audacieux; les premiers mois seront décisifs.</p>'),
dict(k='eau-cafe', d='11-12 10:00', l='fr', s='neu', a='Émilie Gauthier',
     t='L’eau, l’ingrédient oublié du café',
     b='<p>Un café, c’est 98 % d’eau. Trop calcaire, elle écrase les arômes; trop douce, elle donne un café acide. '
       'Les baristas recommandent une eau filtrée, peu minéralisée. Petit test maison à faire avec votre prochain sac de grains.</p>'),
dict(k='boreale-service', d='11-02 19:30', l='fr', s='neg', a='Jérôme Paquette',
     t='Boréale Mile End : bon café, mais quelle attente',
     b='<p>Le café de la <b>Brûlerie Boréale</b> du Mile End sert un des meilleurs cortados en ville. Dommage qu’il faille attendre vingt minutes '
       'le samedi matin, avec une seule personne au comptoir. Bon café, service lent : la formule ne tiendra pas longtemps.</p>'),
dict(k='cascade-espresso-maison', d='11-03 09:00', l='fr', s='pos', a='Émilie Gauthier',
     t='Le mélange Espresso Maison de Café Cascade, une valeur sûre',
     b='<p>Pas de prétention, pas de notes florales : le mélange Espresso Maison de <b>Café Cascade</b> fait ce qu’on lui demande. '
       'Un espresso rond, chocolaté, à un prix raisonnable en épicerie. Pas pire pantoute pour tous les jours.</p>'),
dict(k='equitable-marseille', d='11-13 14:00', l='fr', s='pos', fr=True, a='Thomas Girard',
     t='À Marseille, une coopérative de torréfaction 100 % commerce équitable',
     b='<p>Une coopérative marseillaise torréfie uniquement des cafés issus du commerce équitable et reverse une partie de ses bénéfices '
       'aux producteurs. Un modèle qui séduit les cafés du quartier du Panier.</p>'),
dict(k='fin-semaine-recap', d='11-15 20:00', l='fr', s='neu', a='Rédaction du Blogue',
     t='La semaine du café : rappel, capsules et syndicats',
     b='<p>Une semaine chargée : le rappel du Nitro Boréal de la <b>Brûlerie Boréale</b>, les critiques des capsules Cascade Zéro '
       'et la syndicalisation des baristas. Notre résumé, avec les liens vers nos billets.</p>'),
dict(k='torrefaction-maison', d='11-18 20:30', l='fr', s='pos', a='Jérôme Paquette',
     t='Torréfier son café à la maison, vraiment?',
     b='<p>Avec une simple machine à maïs soufflé, j’ai torréfié mon premier lot de grains verts. Le résultat? Inégal, fumé, mais '
       'étonnamment bon. Une expérience que je recommande à tous les curieux du café.</p>'),
dict(k='cafe-specialite-prix-juste', d='11-20 07:30', l='fr', s='neu', fr=True, a='Lucie Martin',
     t='Le café de spécialité peut-il rester abordable?',
     b='<p>Avec l’arabica à des sommets, le café de spécialité risque de redevenir un luxe. Plusieurs torréfacteurs misent sur des formats '
       'plus petits et sur la transparence des prix pour garder leurs clients.</p>'),
dict(k='nordik-greve-avis', d='11-18 09:00', l='fr', s='neg', a='Émilie Gauthier',
     t='Nordik et ses baristas : le mauvais rôle',
     b='<p>Contester l’accréditation de ses propres baristas, puis les laisser faire la grève devant un café fermé : <b>Torréfacteur Nordik</b> '
       'se donne le mauvais rôle. Difficile de vendre une image « humaine » dans ces conditions.</p>',
     u='11-19 08:30'),
]
