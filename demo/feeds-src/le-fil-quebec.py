# Le Fil Québec: fictional Québec French business and consumer news (served as Windows-1252).
# Fields: k key, d local Montréal time, l language, s intended sentiment (neg/neu/pos), t title,
# a author, b HTML description, sec section, again = fields of a repeat with the same guid.
ITEMS = [
dict(k='boreale-saint-roch', d='10-30 07:15', l='fr', s='pos', sec='affaires', a='Geneviève Tremblay',
     t='Brûlerie Boréale ouvre un sixième café, dans Saint-Roch',
     b='<p>La <b>Brûlerie Boréale</b> inaugure ce vendredi un sixième café, sur la rue Saint-Joseph, à Québec. '
       'Le torréfacteur montréalais y installera aussi un petit atelier de torréfaction visible de la rue.</p>'
       '<p>« On voulait un quartier qui vit le matin comme le soir », explique la cofondatrice Catherine Bouchard-Lévesque. '
       'Une quinzaine d’emplois sont créés.</p>'),
dict(k='prix-cafe-epicerie', d='10-30 11:40', l='fr', s='neg', sec='consommation', a='Marc-André Pelletier',
     t='Le prix du café moulu a bondi de 18 % en un an à l’épicerie',
     b='<p>Le prix du café en épicerie poursuit sa montée : un sac de 340 g de café moulu se vend désormais en moyenne 9,79 $, '
       'contre 8,29 $ l’an dernier, selon un relevé de prix réalisé dans 40 magasins.</p>'
       '<p>Les consommateurs interrogés disent se tourner vers les marques maison ou réduire leur consommation.</p>'),
dict(k='nordik-resultats', d='10-31 09:05', l='fr', s='neu', sec='affaires', a='Karim Benali',
     t='Torréfacteur Nordik maintient ses ventes malgré la hausse du grain',
     b='<p><b>Torréfacteur Nordik</b> affiche des ventes stables au troisième trimestre, à 14,2 millions de dollars. '
       'L’entreprise de Laval dit avoir absorbé une partie de la hausse du prix de l’arabica sans la refiler entièrement à ses clients.</p>'),
dict(k='cafes-independants-halloween', d='10-31 15:30', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Citrouille, érable et cannelle : les cafés indépendants misent sur les boissons d’automne',
     b='<p>Du latte à la citrouille au café à l’érable, les cafés de spécialité de Montréal rivalisent d’idées pour l’automne. '
       'Plusieurs baristas interrogés disent toutefois préférer « laisser parler le grain » plutôt que de multiplier les sirops.</p>'),
dict(k='arabica-sommet', d='11-03 10:20', l='fr', s='neg', sec='economie', a='Marc-André Pelletier',
     t='L’arabica atteint un sommet historique à New York',
     b='<p>Le contrat à terme sur l’arabica a clôturé lundi à 4,85 $ US la livre, un record. Les sécheresses répétées au Brésil '
       'et au Vietnam, pour le robusta, font craindre une troisième année de récoltes décevantes.</p>'
       '<p>Les torréfacteurs québécois préviennent que de nouvelles hausses de prix sont « inévitables » d’ici Noël.</p>'),
dict(k='torrefacteurs-hausse', d='11-03 16:45', l='fr', s='neg', sec='economie', a='Isabelle Côté',
     t='Les petits torréfacteurs sous pression',
     b='<p>Pour les petits torréfacteurs, la flambée du prix du café vert est un casse-tête. « On paie le grain deux fois plus cher '
       'qu’il y a trois ans et nos clients ne veulent pas d’un café à 7 $ », résume le propriétaire d’une brûlerie de Sherbrooke.</p>'
       '<style>.encadre-sondage{border:1px solid #c00;padding:4px}.encadre-sondage h4{font-size:12px}</style>'
       '<p>Certains réduisent leurs marges, d’autres leurs formats.</p>'),
dict(k='boreale-prix-stables', d='11-04 08:10', l='fr', s='pos', sec='consommation', a='Sophie Lavoie',
     t='Brûlerie Boréale gèle le prix de son café filtre jusqu’en janvier',
     b='<p>Malgré le record de l’arabica, la <b>Brûlerie Boréale</b> maintiendra à 3,25 $ le prix de son café filtre dans ses six cafés '
       'jusqu’à la fin de janvier. Une décision saluée par plusieurs clients sur les réseaux sociaux.</p>'),
dict(k='cascade-zero-lancement', d='11-05 09:00', l='fr', s='pos', sec='affaires', a='Rédaction Le Fil',
     t='Café Cascade lance Cascade Zéro, des capsules compostables fabriquées au Québec',
     b='<p><b>Communiqué</b> — Café Cascade annonce le lancement de Cascade Zéro, une gamme de capsules compostables compatibles '
       'avec la plupart des machines à espresso. Les capsules sont fabriquées à Drummondville à partir de fibres végétales. '
       'Cascade Zéro sera offerte dans 300 épiceries du Québec dès le 10 novembre, au prix de 8,99 $ la boîte de 12.</p>'),
dict(k='capsules-compost-municipal', d='11-05 14:25', l='fr', s='neu', sec='environnement', a='Jean-Philippe Ouellet',
     t='Capsules compostables : que acceptent vraiment les bacs bruns?',
     b='<p>Avec l’arrivée de nouvelles capsules compostables, plusieurs villes rappellent que leurs installations n’acceptent pas toutes '
       'ces produits. À Montréal, les capsules ne vont pas dans le bac brun pour l’instant; à Laval, la question est à l’étude.</p>'),
dict(k='cascade-zero-analyse', d='11-06 07:30', l='fr', s='neu', sec='affaires', a='Karim Benali',
     t='Avec Cascade Zéro, Café Cascade vise le marché des dosettes',
     b='<p>En lançant ses capsules compostables, <b>Café Cascade</b> s’attaque à un marché dominé par les multinationales. '
       'Des analystes estiment que le créneau écologique pourrait représenter 15 % des ventes de capsules au Québec d’ici trois ans.</p>'),
dict(k='cascade-zero-critique', d='11-06 12:10', l='fr', s='neg', sec='environnement', a='Jean-Philippe Ouellet',
     t='« Compostable » ne veut pas dire écologique, préviennent des groupes environnementaux',
     b='<p>Des groupes environnementaux jugent « trompeuse » la promesse des capsules Cascade Zéro. Selon eux, une capsule compostable '
       'qui finit au dépotoir faute de collecte adaptée n’est guère mieux qu’une capsule de plastique.</p>'
       '<p>Café Cascade répond que ses capsules sont certifiées et que la collecte municipale « va suivre ».</p>'),
dict(k='nordik-syndicat', d='11-08 18:20', l='fr', s='neu', sec='travail', a='Isabelle Côté',
     t='Les baristas du Torréfacteur Nordik du Plateau se syndiquent',
     b='<p>Les employés du café Torréfacteur Nordik de l’avenue du Mont-Royal ont obtenu leur accréditation syndicale. '
       'Ils réclament des horaires stables et un partage plus transparent des pourboires.</p>'),
dict(k='syndicalisation-vague', d='11-09 09:45', l='fr', s='neu', sec='travail', a='Isabelle Côté',
     t='Syndicalisation : une vague qui touche maintenant les cafés',
     b='<p>Après les librairies et les chaînes de restauration rapide, la syndicalisation gagne les cafés. Une dizaine de succursales '
       'de chaînes de café ont déposé une requête en accréditation depuis un an au Québec, selon le Tribunal administratif du travail.</p>'),
dict(k='nordik-reaction-syndicat', d='11-09 13:00', l='fr', s='neg', sec='travail', a='Karim Benali',
     t='Torréfacteur Nordik conteste l’accréditation de ses baristas',
     b='<p>La direction de <b>Torréfacteur Nordik</b> a annoncé qu’elle contestera l’accréditation syndicale de son café du Plateau, '
       'invoquant une erreur dans la liste des salariés. Le syndicat parle d’une « manœuvre pour gagner du temps ».</p>'),
dict(k='equitable-prime', d='11-10 08:30', l='fr', s='pos', sec='economie', a='Marc-André Pelletier',
     t='Commerce équitable : la prime versée aux producteurs de café augmente',
     b='<p>L’organisme de certification Équité Plus relève de 20 % la prime minimale versée aux coopératives de café certifiées commerce équitable. '
       'Une bonne nouvelle pour les petits producteurs, mais qui se traduira par quelques cents de plus par tasse.</p>'),
dict(k='equitable-epiceries', d='11-10 15:15', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Le café équitable gagne peu de terrain dans les épiceries',
     b='<p>Le café certifié équitable ne représente que 6 % des ventes de café en épicerie au Québec. Le prix demeure le premier critère d’achat, '
       'devant l’origine et les certifications, indique un sondage réalisé auprès de 1 200 consommateurs.</p>'),
dict(k='boreale-equitable', d='11-11 10:00', l='fr', s='pos', sec='affaires', a='Geneviève Tremblay',
     t='Brûlerie Boréale signe un contrat de cinq ans avec une coopérative colombienne',
     b='<p>La <b>Brûlerie Boréale</b> a conclu une entente d’achat direct de cinq ans avec la Cooperativa Los Naranjos, dans la région du Huila, '
       'en Colombie. Le prix payé dépassera de 40 % le cours mondial, affirme l’entreprise.</p>'),
dict(k='rappel-communique', d='11-12 17:40', l='fr', s='neg', sec='sante', a='Rédaction Le Fil',
     t='Rappel : Brûlerie Boréale retire son café infusé à froid Nitro Boréal',
     b='<p><b>Communiqué</b> — La Brûlerie Boréale procède au rappel volontaire de son café infusé à froid Nitro Boréal en canettes de 355 ml, '
       'lots 2610A à 2614C, en raison d’un risque de présence de Clostridium botulinum. Les consommateurs ne doivent pas boire ce produit '
       'et peuvent le rapporter au point d’achat pour un remboursement complet. Aucune maladie n’a été signalée à ce jour.</p>'),
dict(k='rappel-acia', d='11-12 21:10', l='fr', s='neg', sec='sante', a='Geneviève Tremblay',
     t='L’ACIA publie un avis de rappel pour le cold brew de la Brûlerie Boréale',
     b='<p>L’Agence canadienne d’inspection des aliments a publié jeudi soir un avis de rappel visant le café Nitro Boréal de la '
       '<b>Brûlerie Boréale</b>. Le produit a été vendu au Québec, en Ontario et au Nouveau-Brunswick.</p>'
       '<p>Une déviation dans le procédé de réfrigération serait en cause, selon l’entreprise.</p>'
       '<script type="text/javascript">window.dataLayer=window.dataLayer||[];dataLayer.push({"event":"article_view","rubrique":"sante"});</script>'),
dict(k='rappel-epiceries', d='11-13 07:50', l='fr', s='neu', sec='sante', a='Sophie Lavoie',
     t='Les épiciers retirent le Nitro Boréal de leurs tablettes',
     b='<p>Dès l’ouverture, les grandes chaînes d’épicerie ont retiré le café infusé à froid de la <b>Brûlerie Boréale</b> de leurs réfrigérateurs. '
       'Des affichettes invitent les clients à rapporter les canettes des lots visés.</p>'),
dict(k='rappel-botulisme-explique', d='11-13 09:30', l='fr', s='neu', sec='sante', a='Geneviève Tremblay',
     t='Botulisme et café infusé à froid : ce qu’il faut savoir',
     b='<p>Pourquoi un café peut-il faire l’objet d’un rappel pour botulisme? Le café infusé à froid est peu acide et, conservé sans oxygène '
       'dans une canette, il doit rester réfrigéré en tout temps. Une microbiologiste explique les risques et les symptômes à surveiller.</p>'),
dict(k='rappel-clients-furieux', d='11-13 12:15', l='fr', s='neg', sec='consommation', a='Marc-André Pelletier',
     t='Rappel du Nitro Boréal : des clients furieux de l’avoir appris sur les réseaux sociaux',
     b='<p>Plusieurs clients de la <b>Brûlerie Boréale</b> disent avoir appris le rappel par les réseaux sociaux plutôt que par l’entreprise, '
       'même s’ils étaient inscrits à son programme de fidélité. « J’en ai bu deux la semaine passée. Personne ne m’a écrit », déplore une cliente de Verdun.</p>'),
dict(k='rappel-hopital-rumeur', d='11-13 16:40', l='fr', s='neg', sec='sante', a='Geneviève Tremblay',
     t='Aucun cas de botulisme confirmé, malgré une rumeur en ligne',
     b='<p>La Santé publique affirme qu’aucun cas de botulisme lié au Nitro Boréal n’a été confirmé, contrairement à une rumeur qui circule '
       'depuis jeudi soir. Une personne s’est présentée à l’urgence par précaution et a obtenu son congé le jour même.</p>'),
dict(k='rappel-excuses', d='11-13 19:30', l='fr', s='neg', sec='affaires', a='Karim Benali',
     t='La Brûlerie Boréale présente ses excuses et promet un « examen complet »',
     b='<p>« Nous avons failli à notre promesse de qualité et nous en sommes profondément désolés », a déclaré Catherine Bouchard-Lévesque, '
       'cofondatrice de la <b>Brûlerie Boréale</b>, en conférence de presse. L’entreprise suspend toute production de café infusé à froid '
       'le temps d’un audit indépendant.</p>',
     again=dict(t='MISE À JOUR — La Brûlerie Boréale présente ses excuses et promet un « examen complet »', d='11-13 21:05',
                b='<p>« Nous avons failli à notre promesse de qualité et nous en sommes profondément désolés », a déclaré Catherine Bouchard-Lévesque, '
                  'cofondatrice de la <b>Brûlerie Boréale</b>, en conférence de presse. L’entreprise suspend toute production de café infusé à froid '
                  'le temps d’un audit indépendant. <i>Mis à jour à 21 h avec la liste complète des lots.</i></p>')),
dict(k='rappel-experts-communication', d='11-14 08:00', l='fr', s='neu', sec='affaires', a='Isabelle Côté',
     t='Gestion de crise : la Brûlerie Boréale a-t-elle bien réagi?',
     b='<p>Des experts en communication saluent la rapidité du rappel, mais reprochent à la <b>Brûlerie Boréale</b> d’avoir tardé à joindre '
       'directement ses clients. « Le message était bon, le canal ne l’était pas », résume une professeure en relations publiques.</p>'),
dict(k='boreale-remboursement', d='11-14 11:20', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Nitro Boréal : comment obtenir un remboursement',
     b='<p>Les clients qui ont acheté des canettes de Nitro Boréal des lots 2610A à 2614C peuvent obtenir un remboursement au point d’achat, '
       'avec ou sans reçu, ou en remplissant le formulaire en ligne de la Brûlerie Boréale. Les canettes ne doivent pas être ouvertes.</p>'),
dict(k='rappel-remboursement-lent', d='11-14 17:05', l='fr', s='neg', sec='consommation', a='Marc-André Pelletier',
     t='Remboursements : la ligne téléphonique de la Brûlerie Boréale débordée',
     b='<p>Des clients disent avoir attendu plus d’une heure au téléphone pour obtenir un remboursement de la <b>Brûlerie Boréale</b>. '
       'L’entreprise affirme avoir triplé son personnel au service à la clientèle et demande de privilégier le formulaire en ligne.</p>'),
dict(k='rappel-impact-ventes', d='11-15 10:30', l='fr', s='neg', sec='affaires', a='Karim Benali',
     t='Les ventes de la Brûlerie Boréale reculent dans ses cafés après le rappel',
     b='<p>La fréquentation des cafés de la <b>Brûlerie Boréale</b> aurait reculé d’environ 25 % depuis le rappel, selon des données '
       'de paiement compilées par une firme d’analyse. Les concurrents, dont Café Cascade, ne semblent pas en profiter pour autant.</p>'),
dict(k='boreale-employes-solidaires', d='11-15 14:00', l='fr', s='pos', sec='affaires', a='Geneviève Tremblay',
     t='Les employés de la Brûlerie Boréale font front commun',
     b='<p>Dans une lettre ouverte, une quarantaine d’employés de la <b>Brûlerie Boréale</b> disent être « fiers de travailler pour une entreprise '
       'qui a choisi de rappeler un produit plutôt que de prendre un risque ». Une lettre qui a été largement partagée en fin de semaine.</p>'),
dict(k='nordik-toronto', d='11-16 09:10', l='fr', s='pos', sec='affaires', a='Karim Benali',
     t='Torréfacteur Nordik ouvre une torréfacterie à Toronto',
     b='<p><b>Torréfacteur Nordik</b> s’installe dans le quartier Leslieville, à Toronto, avec une torréfacterie et un café de 60 places. '
       'Il s’agit de la première implantation de l’entreprise lavalloise à l’extérieur du Québec.</p>'),
dict(k='nordik-application', d='11-16 15:45', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Torréfacteur Nordik lance une application de fidélité',
     b='<p>Commandes à l’avance, points de fidélité et abonnement mensuel : Torréfacteur Nordik lance son application mobile, '
       'un virage que plusieurs chaînes de café ont déjà pris. L’entreprise promet des grains « torréfiés il y a moins de sept jours ».</p>'),
dict(k='cascade-zero-bac-brun', d='11-17 08:25', l='fr', s='neg', sec='environnement', a='Jean-Philippe Ouellet',
     t='Les capsules Cascade Zéro refusées dans le compost de Montréal',
     b='<p>La Ville de Montréal confirme que les capsules compostables Cascade Zéro de <b>Café Cascade</b> ne sont pas acceptées dans la collecte '
       'des résidus alimentaires. Elles doivent aller aux ordures, ce qui contredit l’emballage, selon un conseiller municipal.</p>'),
dict(k='cascade-reponse', d='11-17 13:50', l='fr', s='neu', sec='environnement', a='Jean-Philippe Ouellet',
     t='Café Cascade modifiera l’emballage de ses capsules',
     b='<p>Café Cascade ajoutera une mention précisant que ses capsules Cascade Zéro doivent être déposées dans les collectes qui acceptent '
       'les emballages compostables. L’entreprise dit discuter avec plusieurs municipalités.</p>'),
dict(k='greve-cafes', d='11-17 18:30', l='fr', s='neg', sec='travail', a='Isabelle Côté',
     t='Grève d’un jour dans trois cafés de Montréal',
     b='<p>Les baristas syndiqués de trois cafés du centre-ville ont débrayé mardi pour réclamer un salaire minimum de 20 $ l’heure. '
       'Les clients ont trouvé porte close au Torréfacteur Nordik de la rue Peel et dans deux cafés indépendants.</p>'),
dict(k='baristas-salaires', d='11-18 07:40', l='fr', s='neu', sec='travail', a='Isabelle Côté',
     t='Combien gagne un barista au Québec?',
     b='<p>Un barista gagne en moyenne 17,10 $ l’heure au Québec, pourboires exclus. Les pourboires peuvent ajouter de 3 $ à 6 $ l’heure '
       'selon l’achalandage, mais leur partage varie beaucoup d’un café à l’autre.</p>'),
dict(k='boreale-audit', d='11-18 11:00', l='fr', s='pos', sec='sante', a='Geneviève Tremblay',
     t='Audit indépendant : la Brûlerie Boréale corrige son procédé',
     b='<p>L’audit commandé par la <b>Brûlerie Boréale</b> conclut qu’un réfrigérateur défectueux de son entrepôt de Saint-Laurent est à l’origine '
       'du rappel. Aucune autre gamme n’est touchée. L’entreprise remplace l’équipement et ajoute un suivi de température en continu.</p>'),
dict(k='boreale-cold-brew-janvier', d='11-18 16:20', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Pas de Nitro Boréal avant janvier',
     b='<p>La <b>Brûlerie Boréale</b> ne remettra pas son café infusé à froid en vente avant le mois de janvier. Les grains, les cafés et '
       'les autres boissons de l’entreprise restent offerts normalement.</p>'),
dict(k='boreale-veillee', d='11-19 09:30', l='fr', s='pos', sec='consommation', a='Geneviève Tremblay',
     t='Brûlerie Boréale dévoile son mélange des Fêtes',
     b='<p>Après une semaine difficile, la <b>Brûlerie Boréale</b> lance Veillée, son mélange des Fêtes, un assemblage d’Éthiopie et de Colombie '
       'aux notes de cerise et de chocolat noir. Une partie des ventes sera versée à une banque alimentaire de Montréal.</p>'),
dict(k='boreale-une-semaine-apres', d='11-20 06:45', l='fr', s='neu', sec='affaires', a='Karim Benali',
     t='Une semaine après le rappel, la Brûlerie Boréale tente de regagner la confiance',
     b='<p>Une semaine après le rappel de son café infusé à froid, la <b>Brûlerie Boréale</b> voit ses cafés se remplir de nouveau, '
       'sans retrouver encore son achalandage habituel. L’entreprise mise sur la transparence et son mélange des Fêtes.</p>'),
dict(k='cafe-specialite-tendance', d='11-01 10:00', l='fr', s='pos', sec='consommation', a='Sophie Lavoie',
     t='Le café de spécialité séduit une nouvelle génération',
     b='<p>Les 18-34 ans boivent moins de café que leurs parents, mais le choisissent mieux : près d’un sur trois dit acheter du café de spécialité '
       'au moins une fois par semaine. Les cafés de quartier en profitent.</p>'),
dict(k='brulerie-verdun', d='11-01 14:30', l='fr', s='pos', sec='consommation', a='Geneviève Tremblay',
     t='Une brûlerie de Verdun primée au championnat canadien de torréfaction',
     b='<p>Une petite brûlerie de Verdun a remporté la première place au championnat canadien de torréfaction, catégorie filtre. '
       'Un « beau signe de la maturité de la scène montréalaise du café de spécialité », estime le jury.</p>'),
dict(k='robusta-vietnam', d='11-02 09:15', l='fr', s='neg', sec='economie', a='Marc-André Pelletier',
     t='Le robusta grimpe aussi, la récolte vietnamienne en retard',
     b='<p>Le robusta, utilisé dans le café instantané et les mélanges bon marché, a pris 9 % en une semaine. Les pluies au Vietnam ont retardé '
       'la récolte. Les fabricants de café instantané ont déjà annoncé des hausses de prix pour décembre.</p>'),
dict(k='cafe-france-prix', d='11-04 12:00', l='fr', s='neg', sec='economie', a='Rédaction Le Fil',
     t='En France, le paquet de café dépasse les 5 €',
     b='<p>Outre-Atlantique aussi, le prix du café s’envole : le paquet de 250 g de café moulu de marque nationale dépasse désormais 5 € '
       'dans la plupart des supermarchés français. Les cafetiers parisiens évoquent un expresso à 2,50 € au comptoir.</p>'),
dict(k='deforestation-reglement', d='11-04 17:20', l='fr', s='neu', sec='environnement', a='Jean-Philippe Ouellet',
     t='Café et déforestation : les importateurs canadiens se préparent aux règles européennes',
     b='<p>Les torréfacteurs canadiens qui exportent vers l’Europe devront prouver que leur café ne provient pas de terres déboisées. '
       'Une exigence qui pourrait, à terme, profiter aux producteurs certifiés, mais qui alourdit la paperasse des petits importateurs.</p>'),
dict(k='cafe-bureau-retour', d='11-06 08:40', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Retour au bureau : les cafés du centre-ville reprennent vie, à moitié',
     b='<p>Avec le retour au bureau trois jours par semaine, les cafés du centre-ville de Montréal retrouvent leurs files du mardi au jeudi. '
       'Le lundi et le vendredi restent « tranquilles », disent les gérants, qui ajustent les horaires de leurs baristas en conséquence.</p>'),
dict(k='cascade-zero-epiceries', d='11-10 10:15', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Les capsules Cascade Zéro arrivent en épicerie',
     b='<p>Les capsules compostables de <b>Café Cascade</b> font leur entrée ce mardi dans 300 épiceries. À 8,99 $ la boîte de 12, '
       'elles coûtent un peu plus cher que les capsules de plastique des grandes marques.</p>'),
dict(k='cascade-zero-test', d='11-11 16:00', l='fr', s='neg', sec='consommation', a='Marc-André Pelletier',
     t='Nous avons goûté les capsules Cascade Zéro',
     b='<p>Notre verdict sur les capsules de <b>Café Cascade</b> : le mélange « Intense » est correct, sans plus, mais le « Doux » manque de corps. '
       'Surtout, deux capsules sur douze ont laissé couler de l’eau dans la machine. Pas mauvais, mais pas à la hauteur du prix.</p>'),
dict(k='capsules-ventes', d='11-12 09:00', l='fr', s='neu', sec='economie', a='Karim Benali',
     t='Les capsules représentent le tiers des ventes de café au Québec',
     b='<p>Les capsules et dosettes représentent désormais 33 % de la valeur des ventes de café en épicerie au Québec, contre 21 % il y a dix ans. '
       'Le café en grains progresse aussi, au détriment du café moulu.</p>'),
dict(k='rappel-autres-marques', d='11-14 13:30', l='fr', s='neu', sec='sante', a='Geneviève Tremblay',
     t='Les autres cafés infusés à froid sont-ils sécuritaires?',
     b='<p>Après le rappel du Nitro Boréal, plusieurs lecteurs se demandent si les autres cafés infusés à froid sont sûrs. Les produits vendus '
       'réfrigérés et consommés avant la date indiquée ne posent pas de risque particulier, rappellent les autorités.</p>'),
dict(k='cascade-profite', d='11-15 17:00', l='fr', s='neu', sec='affaires', a='Karim Benali',
     t='Café Cascade refuse de commenter le rappel de son concurrent',
     b='<p>Interrogé sur le rappel de la Brûlerie Boréale, le président de <b>Café Cascade</b> s’est borné à dire que « la sécurité alimentaire '
       "n’est pas un sujet de concurrence ». Café Cascade ne vend pas de café infusé à froid en canette.</p>"),
dict(k='syndicat-pourboires', d='11-16 11:30', l='fr', s='neg', sec='travail', a='Isabelle Côté',
     t='Pourboires : des baristas accusent leur employeur de les garder',
     b='<p>D’anciens employés d’un café du Mile End accusent leur employeur d’avoir conservé une partie des pourboires versés par carte. '
       'Le syndicat en formation dit avoir recueilli une vingtaine de témoignages. Le café nie toute irrégularité.</p>'),
dict(k='nordik-negociation', d='11-19 08:10', l='fr', s='pos', sec='travail', a='Isabelle Côté',
     t='Torréfacteur Nordik renonce à contester le syndicat et ouvre la négociation',
     b='<p>Revirement chez <b>Torréfacteur Nordik</b> : la direction retire sa contestation et entame la négociation d’une première convention '
       'collective avec les baristas du Plateau. « Une bonne nouvelle pour tout le monde », a commenté le syndicat.</p>'),
dict(k='cafe-abonnements', d='11-19 14:40', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Les abonnements de café se multiplient',
     b='<p>Livraison de grains toutes les deux semaines, rabais de 10 %, choix de l’origine : les torréfacteurs québécois multiplient les abonnements. '
       'Une façon de fidéliser les clients dans un marché où les prix grimpent.</p>'),
dict(k='equitable-critique', d='11-19 17:30', l='fr', s='neg', sec='economie', a='Marc-André Pelletier',
     t='Le commerce équitable ne suffit plus, disent des producteurs',
     b='<p>Avec un arabica à près de 5 $ US la livre, la prime du commerce équitable pèse peu, estiment des producteurs du Honduras et du Pérou. '
       '« Le problème, ce n’est plus le prix, c’est le climat », dit l’un d’eux, dont la récolte a chuté de moitié.</p>'),
dict(k='boreale-fideles', d='11-20 08:30', l='fr', s='pos', sec='consommation', a='Sophie Lavoie',
     t='« On revient pour le café, pas pour le cold brew » : les habitués de la Brûlerie Boréale restent fidèles',
     b='<p>Au café de la <b>Brûlerie Boréale</b> de la rue Wellington, les habitués sont au rendez-vous. « Le rappel, c’était pas rassurant, '
       'mais ils ont été honnêtes », dit un client. <a href="https://lefilquebec.example/videos/boreale-clients">Voir notre reportage vidéo</a>.</p>'),
dict(k='cafe-instantane', d='11-02 16:10', l='fr', s='neu', sec='consommation', a='Sophie Lavoie',
     t='Le café instantané revient en grâce chez les jeunes',
     b='<p>Moins cher et plus rapide, le café instantané connaît un regain chez les étudiants. Certaines torréfactions de spécialité '
       'proposent même désormais leur propre café lyophilisé, vendu en sachets individuels.</p>'),
dict(k='sondage-cafe', d='11-07 10:30', l='fr', s='neu', sec='consommation', a='Rédaction Le Fil',
     t='Sondage : combien êtes-vous prêts à payer pour un café?',
     b='<p>Notre sondage de la semaine porte sur le prix du café au comptoir.</p>'
       '<script>(function(){var s=document.createElement("script");s.src="https://sondages.lefilquebec.example/widget.js";document.body.appendChild(s);})();</script>'
       '<p>Votez ci-dessous : moins de 3 $, de 3 $ à 5 $ ou plus de 5 $.</p>'),
dict(k='boreale-critique-gastro', d='11-07 15:50', l='fr', s='pos', sec='consommation', a='Geneviève Tremblay',
     t='Critique : le nouveau café de la Brûlerie Boréale à Saint-Roch',
     b='<p>Bon café, service lent : le nouveau café de la <b>Brûlerie Boréale</b> à Saint-Roch a encore quelques réglages à faire. '
       'Mais le filtre du jour, un Kenya juteux, et les viennoiseries maison valent largement l’attente.</p>'),
dict(k='torrefaction-electrique', d='11-08 09:20', l='fr', s='pos', sec='environnement', a='Jean-Philippe Ouellet',
     t='Des torréfacteurs passent au tout électrique',
     b='<p>Hydroélectricité oblige, de plus en plus de torréfacteurs québécois remplacent leurs torréfacteurs au gaz par des modèles électriques. '
       'Un investissement coûteux, mais qui réduit presque à zéro les émissions liées à la torréfaction.</p>'),
dict(k='nordik-boreale-comparaison', d='11-18 19:00', l='fr', s='neu', sec='consommation', a='Marc-André Pelletier',
     t='Boréale, Nordik, Cascade : qui vend le café le moins cher?',
     b='<p>Nous avons comparé le prix de l’espresso, du filtre et du sac de 340 g chez trois chaînes québécoises. '
       'Café Cascade est le moins cher en épicerie, Torréfacteur Nordik au comptoir, et la Brûlerie Boréale se situe entre les deux.</p>'),
dict(k='cafe-aurore-boreale', d='11-11 20:15', l='fr', s='pos', sec='consommation', a='Sophie Lavoie',
     t='Un café avec vue sur l’aurore boréale, à Sept-Îles',
     b='<p>À Sept-Îles, un petit café de spécialité ouvre ses portes jusqu’à minuit les soirs de grand froid pour permettre aux clients '
       'd’observer l’aurore boréale, espresso à la main. Une idée qui attire déjà les touristes.</p>'),
]
