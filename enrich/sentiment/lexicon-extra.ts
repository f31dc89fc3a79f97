/**
 * Hand-made lexicon additions, written for Vigie (not derived from any data set): social-media,
 * Québec and France informal vocabulary, and the function words the rules need (negators,
 * intensifiers, diminishers, contrast markers). Polarities are in [-1, 1]; multi-word entries
 * are matched on consecutive folded tokens and take precedence over their words.
 */

/** Word (folded: lowercase, no accents) or phrase → polarity, per language. */
export const EXTRA_POLARITY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  fr: {
    // France and Québec informal, praise
    'genial': 0.9, 'geniale': 0.9, 'top': 0.7, 'trop bien': 0.8, 'trop bon': 0.8, 'trop cool': 0.8, 'cool': 0.6,
    'ouf': 0.5, 'de ouf': 0.7, 'le feu': 0.7, 'chanmax': 0.7, 'kiffe': 0.7, 'kiffer': 0.7, 'kif': 0.6, 'adore': 0.8,
    'j adore': 0.9, 'aime': 0.6, 'j aime': 0.7, 'jaime': 0.7, 'jadore': 0.9, 'bravo': 0.8, 'merci': 0.5,
    'felicitations': 0.8, 'hate': 0.5, 'vivement': 0.5, 'chapeau': 0.6, 'nickel': 0.7, 'parfait': 0.9,
    'impeccable': 0.8, 'excellent': 0.9, 'magnifique': 0.9, 'sublime': 0.9, 'incroyable': 0.6, 'fier': 0.6,
    'fiere': 0.6, 'heureux': 0.8, 'heureuse': 0.8, 'content': 0.6, 'contente': 0.6, 'ravi': 0.8, 'ravie': 0.8,
    'bien': 0.5, 'mieux': 0.4, 'mdr': 0.3, 'ptdr': 0.3, 'lol': 0.2, 'haha': 0.3, 'hihi': 0.3,
    'tiguidou': 0.8, 'ecoeurant': 0.5, 'malade': 0.1, 'capote': 0.3, 'pas pire': 0.5, 'pas mal': 0.5,
    'bin bon': 0.5, 'ben bon': 0.5, 'le fun': 0.7, 'trippant': 0.7, 'tripant': 0.7, 'sur la coche': 0.7,
    'bonne job': 0.7, 'beau travail': 0.8, 'merci beaucoup': 0.7, 'solide': 0.5,
    // blame
    'nul': -0.8, 'nulle': -0.8, 'naze': -0.7, 'pourri': -0.8, 'pourrie': -0.8, 'chiant': -0.7, 'chiante': -0.7,
    'relou': -0.6, 'gonflant': -0.6, 'saoulant': -0.6, 'soulant': -0.6, 'bof': -0.4, 'mouais': -0.3,
    'degueu': -0.8, 'degueulasse': -0.9, 'beurk': -0.7, 'berk': -0.7, 'honte': -0.8, 'honteux': -0.8,
    'scandale': -0.8, 'scandaleux': -0.8, 'inadmissible': -0.8, 'inacceptable': -0.8, 'arnaque': -0.9,
    'catastrophe': -0.8, 'catastrophique': -0.9, 'horrible': -0.9, 'affreux': -0.8, 'decu': -0.7, 'decue': -0.7,
    'decevant': -0.7, 'deception': -0.7, 'marre': -0.7, 'en a marre': -0.8, 'ras le bol': -0.8, 'colere': -0.7,
    'enerve': -0.7, 'enervant': -0.7, 'fache': -0.6, 'triste': -0.6, 'bordel': -0.5, 'merde': -0.7, 'putain': -0.4,
    'connard': -0.8, 'con': -0.5, 'conne': -0.5, 'debile': -0.6, 'idiot': -0.7, 'stupide': -0.7, 'ridicule': -0.7,
    'pire': -0.7, 'mauvais': -0.7, 'mauvaise': -0.7, 'lent': -0.3, 'lente': -0.3, 'panne': -0.6, 'bug': -0.5,
    'probleme': -0.4, 'plainte': -0.5, 'galere': -0.6, 'crise': -0.5, 'danger': -0.5, 'peur': -0.5, 'mort': -0.5,
    'plate': -0.5, 'poche': -0.6, 'ben poche': -0.7, 'tanne': -0.6, 'ecoeure': -0.7, 'ecoeurée': -0.7,
    'chiale': -0.5, 'chialer': -0.5, 'osti': -0.5, 'ostie': -0.5, 'tabarnak': -0.5, 'calice': -0.4, 'criss': -0.4,
    'maudit': -0.4, 'pas terrible': -0.6, 'pas top': -0.6, 'pas ouf': -0.6, 'pas fou': -0.5, 'pas genial': -0.6,
    'pas terrible du tout': -0.8, 'pas mal du tout': 0.6, 'grr': -0.5, 'ouache': -0.7, 'tannant': -0.4,
    // Québec, more (written for Vigie from common usage, not from any data set)
    'hot': 0.5, 'nice': 0.6, 'chill': 0.5, 'cute': 0.6, 'capotant': 0.7, 'malade mental': 0.6,
    'pas pire pantoute': 0.6, 'weird': -0.4, 'boboche': -0.7, 'broche a foin': -0.7, 'gossant': -0.7,
    'gosser': -0.5, 'badrer': -0.5, 'niaiseux': -0.6, 'niaiseuse': -0.6, 'niaiser': -0.4, 'fucke': -0.6,
    'mautadit': -0.4, 'sacrament': -0.4, 'calisse': -0.4, 'crisse': -0.4, 'malaisant': -0.6, 'poche en criss': -0.8,
    'chu tanne': -0.7, 'jsuis tanne': -0.7, 'pas rapport': -0.4, 'cheap': -0.5, 'de la marde': -0.8, 'marde': -0.7,
    'ca pas d allure': -0.7, 'pas d allure': -0.7, 'chu content': 0.7, 'bonne affaire': 0.6, 'full bon': 0.8,
  },
  en: {
    'love': 0.8, 'loved': 0.8, 'loving': 0.7, 'luv': 0.7, 'awesome': 0.9, 'amazing': 0.9, 'great': 0.8, 'good': 0.6,
    'nice': 0.6, 'cool': 0.5, 'best': 0.8, 'excited': 0.7, 'happy': 0.8, 'glad': 0.7, 'thanks': 0.5, 'thank': 0.5,
    'congrats': 0.8, 'lol': 0.2, 'lmao': 0.3, 'haha': 0.3, 'yay': 0.7, 'dope': 0.6, 'lit': 0.5, 'fire': 0.2,
    'goat': 0.4, 'slay': 0.5, 'legend': 0.6, 'fav': 0.6, 'fave': 0.6, 'cant wait': 0.6, "can't wait": 0.6,
    'not bad': 0.4, 'not too bad': 0.4, 'well done': 0.8, 'top notch': 0.8,
    'hate': -0.8, 'sucks': -0.8, 'suck': -0.7, 'awful': -0.9, 'terrible': -0.9, 'horrible': -0.9, 'worst': -0.9,
    'bad': -0.7, 'poor': -0.5, 'disappointed': -0.7, 'disappointing': -0.7, 'annoying': -0.7, 'annoyed': -0.6,
    'angry': -0.7, 'mad': -0.5, 'sad': -0.6, 'wtf': -0.5, 'smh': -0.5, 'ugh': -0.6, 'meh': -0.3, 'fail': -0.6,
    'scam': -0.9, 'broken': -0.6, 'slow': -0.3, 'crap': -0.7, 'shit': -0.5, 'damn': -0.3, 'stupid': -0.7,
    'useless': -0.8, 'ridiculous': -0.6, 'lame': -0.6, 'boring': -0.6, 'rip': -0.4, 'not good': -0.6,
    'not great': -0.5, 'not happy': -0.6, 'fed up': -0.7, 'let down': -0.6,
  },
  es: {
    'genial': 0.9, 'guay': 0.7, 'bueno': 0.6, 'buena': 0.6, 'buenisimo': 0.9, 'excelente': 0.9, 'increible': 0.7,
    'encanta': 0.8, 'me encanta': 0.9, 'gracias': 0.5, 'feliz': 0.8, 'felicidades': 0.8, 'jaja': 0.3, 'jajaja': 0.3,
    'bien': 0.4, 'mola': 0.7, 'chido': 0.7, 'bacan': 0.7, 'amor': 0.6, 'bonito': 0.7, 'hermoso': 0.8,
    'malo': -0.7, 'mala': -0.7, 'horrible': -0.9, 'odio': -0.8, 'asco': -0.8, 'triste': -0.6, 'mierda': -0.8,
    'peor': -0.8, 'fatal': -0.8, 'verguenza': -0.7, 'vergonzoso': -0.8, 'basura': -0.8, 'estafa': -0.9,
    'harto': -0.7, 'harta': -0.7, 'no me gusta': -0.6, 'nada bien': -0.5, 'puta': -0.4, 'joder': -0.4,
  },
  pt: {
    'otimo': 0.8, 'otima': 0.8, 'bom': 0.6, 'boa': 0.6, 'lindo': 0.8, 'linda': 0.8, 'maravilhoso': 0.9,
    'maravilhosa': 0.9, 'amo': 0.8, 'adoro': 0.8, 'amei': 0.8, 'perfeito': 0.9, 'perfeita': 0.9, 'obrigado': 0.5,
    'obrigada': 0.5, 'parabens': 0.8, 'feliz': 0.8, 'kkk': 0.3, 'kkkk': 0.3, 'rs': 0.2, 'rsrs': 0.3, 'top': 0.6,
    'show': 0.6, 'demais': 0.4, 'incrivel': 0.7, 'legal': 0.6,
    'ruim': -0.7, 'pessimo': -0.9, 'pessima': -0.9, 'horrivel': -0.9, 'odeio': -0.8, 'triste': -0.6,
    'merda': -0.8, 'porra': -0.4, 'chato': -0.6, 'chata': -0.6, 'vergonha': -0.7, 'raiva': -0.7, 'lixo': -0.8,
    'nojo': -0.8, 'pior': -0.8, 'decepcao': -0.7, 'decepcionado': -0.7, 'luto': -0.6, 'medo': -0.5,
  },
  de: {
    'super': 0.7, 'toll': 0.8, 'geil': 0.7, 'klasse': 0.8, 'prima': 0.7, 'gut': 0.6, 'schon': 0.1, 'schoen': 0.6,
    'liebe': 0.7, 'danke': 0.5, 'freue': 0.7, 'freu': 0.7, 'gluckwunsch': 0.8, 'glueckwunsch': 0.8, 'cool': 0.5,
    'lol': 0.2, 'haha': 0.3, 'hammer': 0.6, 'lecker': 0.7, 'perfekt': 0.9, 'yeah': 0.5, 'mega': 0.5,
    'schlecht': -0.7, 'scheisse': -0.8, 'mist': -0.6, 'doof': -0.6, 'blod': -0.6, 'bloed': -0.6, 'nervt': -0.7,
    'hasse': -0.8, 'traurig': -0.6, 'schade': -0.5, 'leider': -0.4, 'katastrophe': -0.8, 'peinlich': -0.6,
    'langweilig': -0.6, 'furchtbar': -0.9, 'schrecklich': -0.9, 'nicht gut': -0.6, 'kacke': -0.7, 'aua': -0.4,
  },
  it: {
    'bello': 0.7, 'bella': 0.7, 'bellissimo': 0.9, 'bellissima': 0.9, 'grande': 0.5, 'ottimo': 0.8, 'ottima': 0.8,
    'bravo': 0.7, 'brava': 0.7, 'grazie': 0.5, 'fantastico': 0.9, 'felice': 0.8, 'amo': 0.8, 'adoro': 0.8,
    'ahah': 0.3, 'ahahah': 0.3, 'haha': 0.3, 'perfetto': 0.9, 'buono': 0.6, 'buona': 0.5, 'evviva': 0.7,
    'brutto': -0.7, 'brutta': -0.7, 'schifo': -0.9, 'vergogna': -0.8, 'odio': -0.8, 'triste': -0.6,
    'pessimo': -0.9, 'pessima': -0.9, 'male': -0.5, 'peggio': -0.7, 'peggiore': -0.7, 'cazzo': -0.4,
    'vaffanculo': -0.8, 'merda': -0.8, 'ladri': -0.8, 'ladro': -0.8, 'buffone': -0.7, 'buffoni': -0.7,
    'schifoso': -0.9, 'orribile': -0.9, 'delusione': -0.7, 'deluso': -0.7, 'basta': -0.4, 'pagliaccio': -0.7,
  },
  nl: {
    'mooi': 0.7, 'goed': 0.6, 'leuk': 0.7, 'top': 0.7, 'geweldig': 0.9, 'super': 0.7, 'gezellig': 0.7,
    'heerlijk': 0.8, 'blij': 0.8, 'bedankt': 0.5, 'dank': 0.5, 'gefeliciteerd': 0.8, 'haha': 0.3, 'lekker': 0.6,
    'slecht': -0.7, 'kut': -0.7, 'balen': -0.6, 'jammer': -0.5, 'stom': -0.6, 'irritant': -0.7, 'verdrietig': -0.6,
    'boos': -0.6, 'vreselijk': -0.9, 'waardeloos': -0.9, 'niet goed': -0.6, 'helaas': -0.4, 'klote': -0.7,
  },
  ar: {
    'جميل': 0.8, 'رائع': 0.9, 'ممتاز': 0.9, 'شكرا': 0.5, 'حب': 0.6, 'احب': 0.7, 'سعيد': 0.8, 'الحمد لله': 0.4,
    'مبروك': 0.8, 'جيد': 0.6, 'افضل': 0.6, 'ههههه': 0.3, 'هههه': 0.3, 'الله': 0.1, 'نصر': 0.5,
    'سيء': -0.8, 'سيئ': -0.8, 'حزين': -0.6, 'للأسف': -0.5, 'للاسف': -0.5, 'كره': -0.7, 'اكره': -0.8,
    'فاشل': -0.8, 'فشل': -0.7, 'ارهاب': -0.7, 'الارهاب': -0.7, 'قتل': -0.7, 'حرب': -0.6, 'خائن': -0.8,
    'كذب': -0.7, 'كذاب': -0.8, 'ظلم': -0.8, 'حرام': -0.5, 'موت': -0.6, 'دمار': -0.8, 'فساد': -0.8,
  },
};

/** Words that negate what follows them (folded). `n't` endings and French `ne`/`n'` are handled too. */
export const NEGATORS: Readonly<Record<string, readonly string[]>> = {
  fr: ['ne', 'n', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'ni', 'sans', 'plus', 'personne', 'nullement', 'non', 'pa', 'pantoute'],
  en: ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'cannot', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'aint', 'hardly', 'barely'],
  es: ['no', 'nunca', 'jamas', 'nada', 'ningun', 'ninguno', 'ninguna', 'ni', 'sin', 'tampoco', 'nadie'],
  pt: ['nao', 'nunca', 'jamais', 'nada', 'nenhum', 'nenhuma', 'nem', 'sem', 'ninguem', 'n'],
  de: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'nie', 'niemals', 'nichts', 'ohne', 'weder', 'noch nie', 'niemand'],
  it: ['non', 'mai', 'niente', 'nulla', 'nessuno', 'nessuna', 'senza', 'ne', 'neanche', 'nemmeno', 'neppure'],
  nl: ['niet', 'geen', 'nooit', 'niets', 'niks', 'zonder', 'noch', 'niemand'],
  ar: ['لا', 'لم', 'لن', 'ليس', 'ليست', 'ما', 'مش', 'مو', 'غير', 'بدون'],
};

/** Words that strengthen the next sentiment word: multiplier minus one. */
export const INTENSIFIERS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  fr: { 'tres': 0.5, 'trop': 0.5, 'vraiment': 0.5, 'super': 0.5, 'hyper': 0.6, 'tellement': 0.6, 'vachement': 0.5, 'grave': 0.4, 'full': 0.5, 'extremement': 0.7, 'totalement': 0.5, 'completement': 0.5, 'tout': 0.2, 'si': 0.3, 'mega': 0.5, 'ultra': 0.6, 'archi': 0.6, 'carrement': 0.5, 'absolument': 0.5, 'sacrement': 0.6 },
  en: { 'very': 0.5, 'so': 0.4, 'really': 0.5, 'too': 0.3, 'extremely': 0.7, 'super': 0.5, 'totally': 0.5, 'absolutely': 0.6, 'completely': 0.5, 'incredibly': 0.6, 'truly': 0.4, 'such': 0.3, 'most': 0.4, 'hella': 0.5, 'mega': 0.5, 'fucking': 0.5, 'freaking': 0.4 },
  es: { 'muy': 0.5, 'tan': 0.4, 'super': 0.5, 'mas': 0.3, 'demasiado': 0.5, 'realmente': 0.5, 'bastante': 0.3, 'totalmente': 0.5, 're': 0.4 },
  pt: { 'muito': 0.5, 'muita': 0.5, 'tao': 0.4, 'super': 0.5, 'demais': 0.5, 'bem': 0.3, 'mais': 0.3, 'totalmente': 0.5, 'mt': 0.5, 'mto': 0.5 },
  de: { 'sehr': 0.5, 'so': 0.4, 'echt': 0.4, 'total': 0.5, 'voll': 0.5, 'mega': 0.5, 'super': 0.5, 'richtig': 0.4, 'extrem': 0.7, 'wirklich': 0.5, 'ganz': 0.3, 'zu': 0.3 },
  it: { 'molto': 0.5, 'troppo': 0.5, 'davvero': 0.5, 'tanto': 0.4, 'cosi': 0.4, 'super': 0.5, 'proprio': 0.3, 'veramente': 0.5, 'estremamente': 0.7, 'piu': 0.3 },
  nl: { 'heel': 0.5, 'erg': 0.5, 'zeer': 0.5, 'echt': 0.4, 'super': 0.5, 'zo': 0.4, 'enorm': 0.6, 'ontzettend': 0.6, 'te': 0.3, 'hartstikke': 0.6 },
  ar: { 'جدا': 0.5, 'كثير': 0.4, 'اكثر': 0.3, 'جداً': 0.5 },
};

/** Words that weaken the next sentiment word: multiplier minus one (negative). */
export const DIMINISHERS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  fr: { 'peu': -0.5, 'assez': -0.3, 'plutot': -0.3, 'presque': -0.4, 'moyennement': -0.5, 'legerement': -0.5, 'quelque': -0.3 },
  en: { 'slightly': -0.5, 'somewhat': -0.4, 'kinda': -0.4, 'kind': -0.3, 'sort': -0.3, 'bit': -0.4, 'little': -0.3, 'fairly': -0.3, 'quite': -0.1, 'barely': -0.6, 'almost': -0.4, 'pretty': 0.2 },
  es: { 'poco': -0.5, 'algo': -0.3, 'casi': -0.4, 'medio': -0.4 },
  pt: { 'pouco': -0.5, 'meio': -0.4, 'quase': -0.4 },
  de: { 'etwas': -0.4, 'bisschen': -0.5, 'kaum': -0.6, 'ziemlich': 0.1, 'fast': -0.4 },
  it: { 'poco': -0.5, 'abbastanza': -0.3, 'quasi': -0.4, 'piuttosto': -0.2 },
  nl: { 'beetje': -0.5, 'redelijk': -0.3, 'nauwelijks': -0.6, 'bijna': -0.4, 'vrij': -0.2 },
  ar: { 'قليل': -0.5, 'شوية': -0.4 },
};

/** Contrast markers: what follows them weighs more than what precedes ("bon mais cher"). */
export const CONTRASTS: Readonly<Record<string, readonly string[]>> = {
  fr: ['mais', 'cependant', 'pourtant', 'toutefois', 'sauf', 'neanmoins', 'par contre', 'quand meme'],
  en: ['but', 'however', 'yet', 'though', 'although', 'except', 'nevertheless', 'still'],
  es: ['pero', 'sino', 'aunque', 'sin embargo', 'excepto'],
  pt: ['mas', 'porem', 'contudo', 'entretanto', 'embora', 'todavia'],
  de: ['aber', 'doch', 'jedoch', 'trotzdem', 'allerdings', 'sondern'],
  it: ['ma', 'pero', 'tuttavia', 'eppure', 'invece'],
  nl: ['maar', 'echter', 'toch', 'hoewel'],
  ar: ['لكن', 'ولكن', 'بس', 'لكن'],
};

/** Emoticons → polarity (matched on the raw text, before folding). */
export const EMOTICONS: Readonly<Record<string, number>> = {
  ':)': 0.6, ':-)': 0.6, ':D': 0.8, ':-D': 0.8, 'xD': 0.6, 'XD': 0.6, ';)': 0.5, ';-)': 0.5, ':p': 0.4, ':P': 0.4,
  ':-p': 0.4, ':-P': 0.4, '=)': 0.6, '(:': 0.6, '^^': 0.5, '^_^': 0.6, '<3': 0.8, ':*': 0.6, 'c:': 0.5, ':3': 0.5,
  ':(': -0.6, ':-(': -0.6, ":'(": -0.7, ':((': -0.7, ':/': -0.4, ':-/': -0.4, ':|': -0.2, '-_-': -0.4,
  '>:(': -0.8, 'D:': -0.6, ':@': -0.7, '</3': -0.7, ':s': -0.3, ':S': -0.3, 'T_T': -0.6, ':c': -0.5,
};

/** Common emoji the vendored emoji lists may lack or mis-weigh for brand talk. */
export const EXTRA_EMOJI: Readonly<Record<string, number>> = {
  '😂': 0.3, '🤣': 0.4, '😍': 0.9, '🥰': 0.9, '❤': 0.8, '😊': 0.7, '🙂': 0.4, '😉': 0.4, '👍': 0.7, '👏': 0.7,
  '🙏': 0.4, '🔥': 0.5, '💯': 0.6, '🎉': 0.7, '😎': 0.6, '😁': 0.7, '😀': 0.6, '🤩': 0.9, '💪': 0.6, '✨': 0.4,
  '😭': -0.3, '😢': -0.7, '😞': -0.7, '😔': -0.6, '😡': -0.9, '🤬': -0.9, '😠': -0.8, '👎': -0.8, '💩': -0.7,
  '🙄': -0.5, '😒': -0.6, '😤': -0.6, '🤮': -0.9, '🤢': -0.8, '😩': -0.6, '😫': -0.6, '💔': -0.7, '😱': -0.4,
  '😬': -0.3, '🤔': -0.1, '😐': -0.2, '😑': -0.3, '🥺': -0.2, '😴': -0.2, '⚠': -0.3,
};
