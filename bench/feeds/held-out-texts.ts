import type { LanguageTexts } from '../../test/fixtures/feeds/encodings/texts.ts';

/**
 * Held-out texts (written for Vigie, public domain): never used while tuning the decoder. The
 * bench generates a second corpus from them with another seed, to estimate unseen behaviour.
 * Polish, Italian, Ukrainian and Greek are languages the tuning corpus does not have at all.
 */
export const HELD_OUT_TEXTS: Record<string, LanguageTexts> = {
  fr: {
    lang: 'fr',
    encodings: ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh'],
    items: [
      ['Grève des traversiers entre Québec et Lévis', "Les usagers devront prendre le pont ; la Société des traversiers prévoit un retour à la normale jeudi."],
      ['Le maïs sucré arrive dans les marchés', 'Les producteurs de la Montérégie annoncent une récolte précoce, grâce à un été chaud et humide.'],
      ['Déménagement : les conseils pour le 1er juillet', 'Réservez le camion tôt, protégez vos électroménagers et gardez vos reçus.'],
      ['Hôpital de Chicoutimi : attente réduite aux urgences', "La direction attribue l'amélioration à l'ajout de deux médecins et d'une infirmière praticienne."],
    ],
  },
  es: {
    lang: 'es-MX',
    encodings: ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh'],
    items: [
      ['Guadalajara inaugura un parque lineal', 'El nuevo espacio tiene ciclovía, árboles nativos y una zona de juegos para niños pequeños.'],
      ['El café mexicano conquista Japón', 'Productores de Chiapas exportarán su cosecha orgánica a Osaka a partir de enero.'],
      ['Huracán en la costa del Pacífico', 'Protección Civil pidió a los habitantes de Acapulco que no salgan de sus casas.'],
    ],
  },
  de: {
    lang: 'de-AT',
    encodings: ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh'],
    items: [
      ['Wiener Kaffeehäuser kämpfen um Gäste', 'Steigende Mieten und höhere Preise für Bohnen belasten die traditionsreichen Betriebe.'],
      ['Glatteis auf der Autobahn bei Salzburg', 'Mehrere Fahrzeuge sind ins Schleudern geraten; die Polizei rät zu äußerster Vorsicht.'],
      ['Bürgermeisterin eröffnet neuen Spielplatz', 'Die Anlage in Graz bietet Kletterwände, Schaukeln und einen großen Sandkasten.'],
    ],
  },
  pt: {
    lang: 'pt-PT',
    encodings: ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'macintosh'],
    items: [
      ['Comboio do Algarve volta a circular', 'A ligação entre Faro e Lagos foi retomada após as obras de manutenção na ponte.'],
      ['Sardinhas mais caras nos Santos Populares', 'Os comerciantes de Lisboa explicam que a pesca foi fraca durante o mês de maio.'],
      ['Exposição de azulejos no Porto', 'A mostra reúne peças do século XVII e está aberta ao público até março.'],
    ],
  },
  it: {
    lang: 'it',
    encodings: ['windows-1252', 'iso-8859-15'],
    items: [
      ['Perché il caffè costa di più a Milano', 'I baristi spiegano che l’aumento è dovuto al prezzo dell’energia e del latte.'],
      ['Nevicate sulle Alpi: è già stagione', 'Gli impianti di Cortina e di Bormio apriranno sabato, con qualche settimana di anticipo.'],
      ['Città più vivibili: Bologna è prima', 'La classifica premia i trasporti pubblici, le piste ciclabili e la qualità dell’aria.'],
    ],
  },
  pl: {
    lang: 'pl',
    encodings: ['windows-1250', 'iso-8859-2'],
    items: [
      ['Nowa kawiarnia w Krakowie przyciąga turystów', 'Właściciele serwują kawę z lokalnej palarni i świeże ciasto drożdżowe.'],
      ['Śnieżyca sparaliżowała ruch w Gdańsku', 'Kierowcy utknęli w korkach, a pociągi jeździły z dużym opóźnieniem.'],
      ['Żołnierze pomagają przy powodzi', 'Wały przeciwpowodziowe na Odrze są wzmacniane workami z piaskiem.'],
    ],
  },
  ja: {
    lang: 'ja',
    encodings: ['shift_jis', 'euc-jp'],
    items: [
      ['京都の紅葉が見頃を迎えています', '週末には多くの観光客が訪れ、寺院の周辺は大変混雑しました。'],
      ['電車の運転が再開されました', '大雪の影響で止まっていた路線は、午後三時に運転を再開しました。'],
      ['新しい美術館が来年春に開館します', '建物は有名な建築家が設計し、地元の木材が使われています。'],
    ],
  },
  ko: {
    lang: 'ko',
    encodings: ['euc-kr'],
    items: [
      ['제주도에 첫눈이 내렸습니다', '한라산 정상에는 약 오 센티미터의 눈이 쌓였다고 합니다.'],
      ['지하철 운행이 재개되었습니다', '폭설로 멈췄던 노선은 오후 세 시에 다시 운행을 시작했습니다.'],
      ['새 미술관이 내년 봄에 문을 엽니다', '건물은 유명한 건축가가 설계했으며 지역의 나무를 사용했습니다.'],
    ],
  },
  'zh-Hans': {
    lang: 'zh-CN',
    encodings: ['gbk'],
    items: [
      ['杭州西湖迎来赏花高峰', '周末大量游客前往西湖，景区附近交通十分拥堵。'],
      ['地铁线路恢复运营', '受大雪影响停运的线路已于下午三点恢复运营。'],
      ['新美术馆将于明年春天开放', '建筑由著名建筑师设计，使用了当地的木材。'],
    ],
  },
  'zh-Hant': {
    lang: 'zh-HK',
    encodings: ['big5'],
    items: [
      ['香港維多利亞港煙花匯演', '週末大批市民前往海濱觀賞，附近交通十分擠迫。'],
      ['鐵路服務恢復正常', '受暴雨影響暫停的路線已於下午三時恢復服務。'],
      ['新美術館將於明年春天開幕', '建築由著名建築師設計，採用了本地的木材。'],
    ],
  },
  uk: {
    lang: 'uk',
    encodings: ['windows-1251'],
    items: [
      ['У Києві відкрили нову бібліотеку', 'Читачі можуть користуватися залом щодня, крім неділі, з дев’ятої до вісімнадцятої.'],
      ['Сильний сніг у Львові', 'Комунальні служби працюють цілодобово, щоб розчистити дороги.'],
    ],
  },
  ru: {
    lang: 'ru',
    encodings: ['koi8-r', 'windows-1251'],
    items: [
      ['В Петербурге развели мосты', 'Тысячи туристов собрались на набережной, чтобы посмотреть на разводку.'],
      ['Снегопад парализовал движение в Новосибирске', 'Водители стояли в пробках несколько часов, автобусы ходили с опозданием.'],
      ['Открылась выставка русской живописи', 'В залах представлены работы художников девятнадцатого века.'],
    ],
  },
  el: {
    lang: 'el',
    encodings: ['windows-1253', 'iso-8859-7'],
    items: [
      ['Νέο καφέ άνοιξε στην Αθήνα', 'Το μικρό μαγαζί κοντά στον σταθμό σερβίρει τοπικό καφέ και πρωινό.'],
      ['Βροχές το Σαββατοκύριακο', 'Η μετεωρολογική υπηρεσία προειδοποιεί για ισχυρές καταιγίδες στη βόρεια Ελλάδα.'],
    ],
  },
  he: {
    lang: 'he',
    encodings: ['windows-1255'],
    items: [
      ['הרכבת לחיפה חוזרת לפעול', 'הקו הושבת בגלל עבודות תחזוקה וחודש הבוקר כמתוכנן.'],
      ['תערוכת צילום חדשה במוזיאון', 'התערוכה מציגה תמונות של נופי הגליל והנגב ותהיה פתוחה עד החורף.'],
    ],
  },
  th: {
    lang: 'th',
    encodings: ['windows-874'],
    items: [
      ['รถไฟฟ้าสายใหม่เปิดให้บริการแล้ว', 'ผู้โดยสารสามารถเดินทางจากสนามบินเข้าเมืองได้ในเวลาไม่ถึงครึ่งชั่วโมง'],
      ['ตลาดน้ำคึกคักช่วงวันหยุด', 'นักท่องเที่ยวจำนวนมากมาซื้อผลไม้และขนมไทยจากพ่อค้าแม่ค้าในเรือ'],
    ],
  },
};

/** Held-out look-alikes: correct texts a naive fixer would "repair". */
export const HELD_OUT_LOOKALIKES: Record<string, LanguageTexts> = {
  traps: {
    lang: 'mul',
    encodings: [],
    items: [
      ['CORAÇÃO, LIMÃO, PÃO: a fome em MAIÚSCULAS', 'Os títulos «SÃO PAULO» e «MARANHÃO» aparecem assim no jornal.'],
      ['CRÊPES ET CÂPRES À L’HÔTEL «Â»', 'Le menu « TÊTE-À-TÊTE » propose des CRÊPES, du PÂTÉ et des GÂTEAUX.'],
      ['Brașov și Constanța: școli închise', 'Învățătorii din Iași cer mărirea salariilor până în septembrie.'],
      ['Hà Nội và Huế đón khách du lịch', 'Phố cổ Hội An đông đúc vào cuối tuần, nhiều quán cà phê mở cửa muộn.'],
      ['Ísland í dag: Þingvellir og Höfn', 'Ferðamenn á Suðurlandi sáu norðurljós yfir Jökulsárlóni í nótt.'],
      ['Ångström, Æsir, Øresund — Ðakovo', 'Façade, naïve, coöperate, résumé, Ñandú and ÿ are all correct.'],
    ],
  },
};
