# Coffee Weekly: fictional English-language coffee trade news (RSS 2.0, UTF-8). Dates are Montréal time.
# Fields as in le-fil-quebec.py; b is the description (HTML), full = optional content:encoded.
ITEMS = [
dict(k='arabica-climbs', d='10-30 09:00', l='en', s='neg', a='Daniel Price',
     t='Arabica futures climb for a fifth straight session',
     b='<p>Arabica futures rose for a fifth consecutive session on Thursday as traders weighed another dry month in Minas Gerais. '
       'Roasters warn that retail coffee prices have not yet caught up with green coffee costs.</p>'),
dict(k='sca-retail-survey', d='10-30 14:00', l='en', s='neu', a='Hannah Brooks',
     t='Specialty coffee retail survey: tickets up, visits flat',
     b='<p>Average tickets at specialty coffee shops rose 7% year on year while visits stayed flat, according to an industry survey '
       'of 900 independent cafés across North America.</p>'),
dict(k='boreale-quebec-city', d='10-30 16:30', l='en', s='pos', a='Claire Dubois',
     t='Brûlerie Boréale opens sixth café with in-store roaster in Quebec City',
     b='<p>Montreal-based Brûlerie Boréale opened its sixth café on Friday in Quebec City’s Saint-Roch district, with a small roaster '
       'on display. The company says it roasts about 400 tonnes of specialty coffee a year.</p>'),
dict(k='brazil-harvest', d='10-31 08:30', l='en', s='neg', a='Daniel Price',
     t='Brazil’s next harvest at risk after erratic rains',
     b='<p>Agronomists in Brazil’s main coffee belt say flowering has been uneven after erratic rains, raising the risk of a smaller arabica '
       'crop next year. Exporters are already holding back sales.</p>'),
dict(k='cold-brew-growth', d='10-31 13:00', l='en', s='pos', a='Hannah Brooks',
     t='Ready-to-drink cold brew keeps growing in Canada',
     b='<p>Canned and bottled cold brew sales grew 22% in Canada over the past year, led by nitro products. Regional roasters such as '
       'Brûlerie Boréale and Torréfacteur Nordik have taken share from national brands in Quebec.</p>'),
dict(k='nordik-q3', d='10-31 17:00', l='en', s='neu', a='Claire Dubois',
     t='Torréfacteur Nordik reports flat Q3 sales',
     b='<p>Laval-based roaster Torréfacteur Nordik reported third-quarter sales of C$14.2 million, flat year on year, as it absorbed part of '
       'the increase in green coffee prices.</p>'),
dict(k='robusta-vietnam', d='11-02 10:00', l='en', s='neg', a='Daniel Price',
     t='Robusta jumps 9% as Vietnam harvest is delayed',
     b='<p>Robusta futures jumped 9% this week as heavy rains delayed the harvest in Vietnam’s Central Highlands. Instant coffee makers '
       'have announced December price increases.</p>'),
dict(k='arabica-record', d='11-03 15:30', l='en', s='neg', a='Daniel Price',
     t='Arabica hits record $4.85 a pound in New York',
     b='<p>Arabica coffee futures settled at a record $4.85 a pound on Monday as repeated droughts in Brazil cut supply. '
       'Roasters expect more retail price increases before the holidays.</p>'),
dict(k='roasters-margin', d='11-03 18:00', l='en', s='neg', a='Hannah Brooks',
     t='Small roasters squeezed as green coffee costs double',
     b='<p>Small roasters say they are paying twice as much for green coffee as three years ago. Many are cutting bag sizes from 340 g to 300 g '
       'rather than raising shelf prices, a move some customers call shrinkflation.</p>'),
dict(k='boreale-price-freeze', d='11-04 11:00', l='en', s='pos', a='Claire Dubois',
     t='Brûlerie Boréale freezes filter coffee price until January',
     b='<p>Brûlerie Boréale will keep its café filter coffee at C$3.25 until the end of January despite record arabica prices, '
       'a move customers welcomed online.</p>'),
dict(k='eudr-prep', d='11-04 14:30', l='en', s='neu', a='Martin Okafor',
     t='Importers prepare for EU deforestation rules',
     b='<p>Coffee importers shipping to Europe are building traceability systems to prove that their beans do not come from deforested land. '
       'Smaller exporters fear the paperwork will shut them out.</p>'),
dict(k='cascade-zero-launch', d='11-05 09:30', l='en', s='pos', a='Claire Dubois',
     t='Café Cascade launches Cascade Zéro compostable capsules',
     b='<p>Quebec roaster Café Cascade launched Cascade Zéro, a line of compostable coffee capsules made in Drummondville from plant fibres. '
       'The capsules will be sold in 300 Quebec grocery stores from November 10 at C$8.99 for a box of 12.</p>'),
dict(k='capsule-market', d='11-05 16:00', l='en', s='neu', a='Hannah Brooks',
     t='Compostable capsules: a crowded niche',
     b='<p>Cascade Zéro joins at least eight compostable capsule brands on Canadian shelves. Analysts say the category is growing fast '
       'but remains below 10% of single-serve coffee sales.</p>'),
dict(k='cascade-zero-criticism', d='11-06 13:30', l='en', s='neg', a='Martin Okafor',
     t='Environmental groups question compostable pod claims',
     b='<p>Environmental groups say claims on compostable coffee pods, including Café Cascade’s new Cascade Zéro, mislead shoppers '
       'when local composting programs do not accept them.</p>'),
dict(k='barista-union-nordik', d='11-08 19:30', l='en', s='neu', a='Martin Okafor',
     t='Baristas at Torréfacteur Nordik’s Plateau café win union certification',
     b='<p>Workers at Torréfacteur Nordik’s café on Mont-Royal Avenue in Montreal obtained union certification, joining a wave of '
       'unionization at coffee chains in Quebec.</p>'),
dict(k='union-wave', d='11-09 11:00', l='en', s='neu', a='Martin Okafor',
     t='Coffee shop unionization spreads in Quebec and Ontario',
     b='<p>About ten coffee chain locations in Quebec have filed for union certification in the past year, with baristas citing '
       'unpredictable schedules and tip-sharing practices.</p>'),
dict(k='nordik-contests', d='11-09 15:00', l='en', s='neg', a='Claire Dubois',
     t='Torréfacteur Nordik to contest barista union certification',
     b='<p>Torréfacteur Nordik said it will contest the union certification at its Plateau café, citing errors in the employee list. '
       'The union called it a delaying tactic.</p>'),
dict(k='fairtrade-premium', d='11-10 09:00', l='en', s='pos', a='Daniel Price',
     t='Fair trade coffee premium raised by 20%',
     b='<p>Certifier Équité Plus raised the minimum fair trade premium paid to certified coffee cooperatives by 20%, effective January 1. '
       'Producer groups welcomed the move but said it falls short of rising production costs.</p>'),
dict(k='fairtrade-share', d='11-10 16:30', l='en', s='neu', a='Hannah Brooks',
     t='Fair trade holds 6% of Quebec grocery coffee sales',
     b='<p>Fair trade certified coffee accounts for about 6% of grocery coffee sales in Quebec, a consumer survey found, with price '
       'remaining the top purchase criterion.</p>'),
dict(k='boreale-colombia', d='11-11 11:30', l='en', s='pos', a='Claire Dubois',
     t='Brûlerie Boréale signs five-year direct trade deal in Huila',
     b='<p>Brûlerie Boréale signed a five-year direct trade contract with Cooperativa Los Naranjos in Huila, Colombia, '
       'paying 40% above the market price, the roaster said.</p>'),
dict(k='boreale-recall-release', d='11-12 18:00', l='en', s='neg', a='Coffee Weekly Staff',
     t='Brûlerie Boréale recalls Nitro Boréal cold brew over botulism risk',
     b='<p>Brûlerie Boréale is voluntarily recalling its Nitro Boréal cold brew coffee in 355 mL cans, lots 2610A to 2614C, because of a possible '
       'risk of Clostridium botulinum. Consumers should not drink the product and can return it to the store for a full refund. '
       'No illnesses have been reported.</p>'),
dict(k='recall-cfia', d='11-12 22:00', l='en', s='neg', a='Claire Dubois',
     t='CFIA posts recall notice for Brûlerie Boréale cold brew',
     b='<p>The Canadian Food Inspection Agency posted a recall notice for Brûlerie Boréale’s Nitro Boréal cold brew, sold in Quebec, Ontario '
       'and New Brunswick. The company cited a refrigeration process deviation.</p>'),
dict(k='recall-retailers', d='11-13 09:00', l='en', s='neu', a='Hannah Brooks',
     t='Retailers pull Brûlerie Boréale cold brew from shelves',
     b='<p>Major Quebec grocers removed Nitro Boréal from their coolers on Friday morning and posted notices asking customers to return cans '
       'from the affected lots.</p>'),
dict(k='cold-brew-safety', d='11-13 12:30', l='en', s='neu', a='Martin Okafor',
     t='Why canned cold brew needs strict refrigeration',
     b='<p>Cold brew coffee is low in acid, and once sealed in a can without oxygen it must stay refrigerated. Food scientists explain why '
       'nitro cold brew is a known botulism risk when the cold chain breaks.</p>',
     full='<p>Cold brew coffee is low in acid, and once sealed in a can without oxygen it must stay refrigerated. Food scientists explain why '
          'nitro cold brew is a known botulism risk when the cold chain breaks.</p><p>Most roasters that can cold brew either acidify it, '
          'retort it, or rely on an unbroken cold chain from plant to fridge. The third option is the cheapest and the most fragile.</p>'
          '<p>Several North American recalls in recent years have involved exactly this failure.</p>'),
dict(k='recall-no-illness', d='11-13 17:30', l='en', s='neu', a='Claire Dubois',
     t='No confirmed botulism cases linked to Nitro Boréal, officials say',
     b='<p>Quebec public health officials said no case of botulism linked to Nitro Boréal has been confirmed, despite an online rumour. '
       'One person visited an emergency room as a precaution and was released.</p>'),
dict(k='recall-apology', d='11-13 20:30', l='en', s='neg', a='Claire Dubois',
     t='Brûlerie Boréale apologizes, halts all cold brew production',
     b='<p>“We failed our promise of quality and we are deeply sorry,” Brûlerie Boréale co-founder Catherine Bouchard-Lévesque told reporters. '
       'The company halted all cold brew production pending an independent audit.</p>'),
dict(k='recall-crisis-comms', d='11-14 10:00', l='en', s='neu', a='Hannah Brooks',
     t='Lessons from the Brûlerie Boréale recall',
     b='<p>Crisis communication experts praised the speed of Brûlerie Boréale’s recall but said the company should have emailed loyalty program '
       'members directly. “Good message, wrong channel,” one said.</p>'),
dict(k='recall-refund-delays', d='11-14 18:00', l='en', s='neg', a='Hannah Brooks',
     t='Customers report long waits for Brûlerie Boréale refunds',
     b='<p>Customers say they waited more than an hour on the phone to get refunds for recalled Nitro Boréal cans. The company says it tripled '
       'customer service staff and asks people to use its online form.</p>'),
dict(k='recall-traffic', d='11-15 11:00', l='en', s='neg', a='Claire Dubois',
     t='Foot traffic at Brûlerie Boréale cafés down a quarter after recall',
     b='<p>Card payment data suggest visits to Brûlerie Boréale cafés fell about 25% in the days after the cold brew recall. '
       'Competitors have not seen a matching gain.</p>'),
dict(k='nordik-toronto', d='11-16 10:00', l='en', s='pos', a='Claire Dubois',
     t='Torréfacteur Nordik opens Toronto roastery and café',
     b='<p>Torréfacteur Nordik opened a roastery and 60-seat café in Toronto’s Leslieville, its first location outside Quebec. '
       'The roaster plans two more Ontario cafés next year.</p>'),
dict(k='nordik-app', d='11-16 16:30', l='en', s='neu', a='Hannah Brooks',
     t='Torréfacteur Nordik launches loyalty app with subscriptions',
     b='<p>Torréfacteur Nordik’s new app offers mobile ordering, points and a monthly bean subscription with coffee roasted within seven days.</p>'),
dict(k='cascade-montreal-compost', d='11-17 09:30', l='en', s='neg', a='Martin Okafor',
     t='Montreal says Cascade Zéro capsules do not belong in compost bins',
     b='<p>The City of Montreal confirmed that Café Cascade’s Cascade Zéro compostable capsules are not accepted in its food waste collection '
       'and should go in the garbage, contradicting the packaging.</p>'),
dict(k='cascade-packaging', d='11-17 15:00', l='en', s='neu', a='Martin Okafor',
     t='Café Cascade to update capsule packaging',
     b='<p>Café Cascade will add wording to Cascade Zéro boxes clarifying that the capsules must go to collection programs that accept compostable packaging.</p>'),
dict(k='barista-strike', d='11-17 19:30', l='en', s='neg', a='Martin Okafor',
     t='Baristas strike for a day at three Montreal cafés',
     b='<p>Unionized baristas at three downtown Montreal cafés, including Torréfacteur Nordik’s Peel Street location, walked out for a day '
       'to demand a C$20 minimum hourly wage.</p>'),
dict(k='boreale-audit', d='11-18 12:00', l='en', s='pos', a='Claire Dubois',
     t='Audit traces Brûlerie Boréale recall to faulty warehouse cooler',
     b='<p>An independent audit found that a faulty cooler at Brûlerie Boréale’s Saint-Laurent warehouse caused the cold brew recall. '
       'No other products are affected, and the company has added continuous temperature monitoring.</p>'),
dict(k='boreale-holiday', d='11-19 10:30', l='en', s='pos', a='Claire Dubois',
     t='Brûlerie Boréale releases Veillée holiday blend',
     b='<p>Brûlerie Boréale released Veillée, an Ethiopia-Colombia holiday blend with cherry and dark chocolate notes. Part of sales will go to a '
       'Montreal food bank.</p>'),
dict(k='nordik-bargaining', d='11-19 09:00', l='en', s='pos', a='Martin Okafor',
     t='Torréfacteur Nordik drops challenge, opens bargaining with union',
     b='<p>Torréfacteur Nordik withdrew its challenge to the union certification at its Plateau café and began negotiating a first collective agreement.</p>'),
dict(k='fairtrade-not-enough', d='11-19 18:00', l='en', s='neg', a='Daniel Price',
     t='Producers say fair trade premium cannot offset climate losses',
     b='<p>Coffee farmers in Honduras and Peru say the fair trade premium matters little when droughts halve their harvest. '
       '“The problem is no longer price, it is climate,” one grower said.</p>'),
dict(k='boreale-week-after', d='11-20 08:00', l='en', s='neu', a='Claire Dubois',
     t='A week after recall, Brûlerie Boréale works to win back customers',
     b='<p>A week after its cold brew recall, Brûlerie Boréale’s cafés are filling up again, though traffic remains below normal. '
       'The roaster is betting on transparency and its holiday blend.</p>'),
dict(k='green-coffee-shipping', d='11-01 12:00', l='en', s='neg', a='Daniel Price',
     t='Shipping costs add to green coffee pain',
     b='<p>Container rates from East Africa to North America rose 30% in October, adding to green coffee costs for roasters already '
       'struggling with record arabica prices.</p>'),
dict(k='decaf-demand', d='11-01 15:00', l='en', s='pos', a='Hannah Brooks',
     t='Specialty decaf demand grows',
     b='<p>Roasters report growing demand for specialty decaf processed with water or sugarcane methods, with some selling out their decaf '
       'lots within weeks.</p>'),
dict(k='roaster-electric', d='11-02 13:30', l='en', s='pos', a='Martin Okafor',
     t='Quebec roasters switch to electric roasting',
     b='<p>Cheap hydroelectricity is pushing Quebec roasters to replace gas roasters with electric models, cutting roasting emissions to near zero.</p>'),
dict(k='instant-comeback', d='11-02 18:00', l='en', s='neu', a='Hannah Brooks',
     t='Instant coffee finds younger buyers',
     b='<p>Instant coffee sales are growing among students, and several specialty roasters now sell freeze-dried single-serve sachets.</p>'),
dict(k='cafe-automation', d='11-04 09:30', l='en', s='neu', a='Hannah Brooks',
     t='Automated espresso machines spread in chain cafés',
     b='<p>Chains are adopting super-automatic espresso machines to cut training time. Baristas say the machines change the job more than they replace it.</p>'),
dict(k='specialty-pricing', d='11-06 10:00', l='en', s='neu', a='Daniel Price',
     t='How specialty roasters price a bag of coffee',
     b='<p>Green coffee, roasting loss, labour, packaging and margin: we break down the price of a 340 g bag of specialty coffee, '
       'now often above C$20 in Canadian cafés.</p>'),
dict(k='canada-cup-champion', d='11-07 12:00', l='en', s='pos', a='Hannah Brooks',
     t='Verdun roaster wins Canadian roasting championship',
     b='<p>A small roaster from Verdun, Montreal, took first place in the filter category of the Canadian roasting championship.</p>'),
dict(k='cascade-zero-review', d='11-11 17:00', l='en', s='neg', a='Hannah Brooks',
     t='Review: Cascade Zéro capsules taste fine but leak',
     b='<p>We tested Café Cascade’s new compostable capsules. The Intense blend is decent, the Mild lacks body, and two of twelve capsules leaked '
       'in our machine. Not bad, but not worth the premium.</p>'),
dict(k='single-serve-share', d='11-12 10:30', l='en', s='neu', a='Daniel Price',
     t='Capsules now a third of Quebec grocery coffee sales',
     b='<p>Capsules and pods account for 33% of grocery coffee sales by value in Quebec, up from 21% a decade ago, data show.</p>'),
dict(k='cold-brew-category', d='11-14 14:00', l='en', s='neg', a='Hannah Brooks',
     t='Recall casts a chill over canned cold brew',
     b='<p>Retail buyers say the Nitro Boréal recall has dented confidence in canned cold brew across the category, with sales of rival brands '
       'also dipping this week.</p>'),
dict(k='tips-dispute', d='11-16 12:30', l='en', s='neg', a='Martin Okafor',
     t='Former baristas allege tip skimming at Mile End café',
     b='<p>Former employees of a Mile End coffee shop allege their employer kept part of card tips. The café denies wrongdoing.</p>'),
dict(k='barista-wages', d='11-18 08:30', l='en', s='neu', a='Martin Okafor',
     t='What Quebec baristas earn',
     b='<p>Quebec baristas earn C$17.10 an hour on average before tips, which add C$3 to C$6 depending on traffic and tip-sharing rules.</p>'),
dict(k='subscriptions', d='11-19 15:00', l='en', s='neu', a='Hannah Brooks',
     t='Roasters bet on subscriptions as prices rise',
     b='<p>From biweekly deliveries to origin-of-the-month clubs, roasters are pushing subscriptions to lock in customers as coffee prices climb.</p>'),
dict(k='price-comparison', d='11-18 19:30', l='en', s='neu', a='Claire Dubois',
     t='Boréale, Nordik, Cascade: who sells the cheapest cup?',
     b='<p>We compared espresso, filter and 340 g bag prices at three Quebec coffee chains. Café Cascade is cheapest at the grocery store, '
       'Torréfacteur Nordik at the counter, and Brûlerie Boréale sits in between.</p>'),
dict(k='colombia-exports', d='11-08 10:00', l='en', s='pos', a='Daniel Price',
     t='Colombia’s coffee exports rise 12%',
     b='<p>Colombia’s coffee exports rose 12% in October from a year earlier, helped by a strong harvest in Huila and Nariño.</p>'),
dict(k='ethiopia-auction', d='11-07 16:00', l='en', s='pos', a='Daniel Price',
     t='Ethiopian lot sets auction record',
     b='<p>A washed Ethiopian lot from Sidama sold for a record price at an online specialty coffee auction, bought by a consortium of Asian roasters.</p>'),
dict(k='cafe-closures', d='11-09 18:30', l='en', s='neg', a='Hannah Brooks',
     t='Independent café closures rise in Ontario',
     b='<p>Independent café closures in Ontario rose 15% this year as rents, wages and coffee costs rose faster than prices.</p>'),
dict(k='oat-milk', d='11-10 12:00', l='en', s='neu', a='Hannah Brooks',
     t='Oat milk surcharges under scrutiny',
     b='<p>More cafés are dropping plant milk surcharges after customer complaints, while others say oat milk costs them twice as much as dairy.</p>'),
dict(k='nordik-price-rise', d='11-12 14:00', l='en', s='neg', a='Claire Dubois',
     t='Torréfacteur Nordik raises bean prices 8%',
     b='<p>Torréfacteur Nordik raised the price of its retail bags by 8% citing arabica costs. Its café drinks are unchanged for now.</p>'),
dict(k='recall-insurance', d='11-15 15:00', l='en', s='neu', a='Martin Okafor',
     t='What a recall costs a mid-sized roaster',
     b='<p>Recall insurance, lost inventory, refunds and lost sales: insurers estimate a cold brew recall like Brûlerie Boréale’s can cost a '
       'mid-sized roaster between C$1 million and C$3 million.</p>'),
dict(k='boreale-employees-letter', d='11-15 16:00', l='en', s='pos', a='Claire Dubois',
     t='Brûlerie Boréale staff publish letter backing employer',
     b='<p>About forty Brûlerie Boréale employees published an open letter saying they are proud to work for a company that chose to recall '
       'a product rather than take a risk.</p>'),
dict(k='aeropress-world', d='11-13 15:00', l='en', s='pos', a='Hannah Brooks',
     t='Montreal barista reaches world brewing final',
     b='<p>A Montreal barista qualified for the final of an international brewing competition, a first for Quebec.</p>'),
]
