import { indexNames, DEFAULT_PREFIX } from '../elasticsearch/names.ts';

/**
 * Kibana saved objects for analysts, generated from code so that names follow the index prefix
 * and a test can check every field against the mapping. Target: Kibana 8.15–8.19 (objects carry
 * 8.x migration versions; Kibana migrates them forward on import, never backward).
 * Visualizations are aggregation-based ("legacy") ones: their JSON is stable across 8.x, unlike
 * Lens state.
 */

export interface SavedObject {
  type: 'index-pattern' | 'search' | 'visualization' | 'dashboard';
  id: string;
  attributes: Record<string, unknown>;
  references: Array<{ name: string; type: string; id: string }>;
  coreMigrationVersion: string;
  typeMigrationVersion: string;
}

const CORE = '8.8.0';
const TYPE_VERSION: Record<SavedObject['type'], string> = { 'index-pattern': '8.0.0', search: '8.0.0', visualization: '8.5.0', dashboard: '8.7.0' };
const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

function obj(type: SavedObject['type'], id: string, attributes: Record<string, unknown>, references: SavedObject['references'] = []): SavedObject {
  return { type, id, attributes, references, coreMigrationVersion: CORE, typeMigrationVersion: TYPE_VERSION[type] };
}

function searchSource(query: string): string {
  return JSON.stringify({ query: { query, language: 'kuery' }, filter: [], indexRefName: INDEX_REF });
}

const colorRanges = [
  { range: '-1:-0.05', regex: '', text: '#FFFFFF', background: '#BD271E' },
  { range: '-0.05:0.05', regex: '', text: '#000000', background: '#D3DAE6' },
  { range: '0.05:1.01', regex: '', text: '#FFFFFF', background: '#017D73' },
];

function dataView(id: string, title: string, name: string, formats: Record<string, unknown>): SavedObject {
  return obj('index-pattern', id, {
    title,
    name,
    timeFieldName: '@timestamp',
    fieldFormatMap: JSON.stringify(formats),
    fieldAttrs: '{}',
    fields: '[]',
    runtimeFieldMap: '{}',
    sourceFilters: '[]',
    allowNoIndex: true,
  });
}

function savedSearch(id: string, dataViewId: string, title: string, query: string, columns: string[], description: string, sort: Array<[string, 'asc' | 'desc']> = [['@timestamp', 'desc']]): SavedObject {
  return obj(
    'search',
    id,
    { title, description, columns, sort, grid: {}, hideChart: false, kibanaSavedObjectMeta: { searchSourceJSON: searchSource(query) } },
    [{ name: INDEX_REF, type: 'index-pattern', id: dataViewId }],
  );
}

interface Agg {
  id: string;
  type: string;
  schema: string;
  params: Record<string, unknown>;
}
const count = (): Agg => ({ id: '1', type: 'count', schema: 'metric', params: {} });
const dateHistogram = (id = '2'): Agg => ({ id, type: 'date_histogram', schema: 'segment', params: { field: '@timestamp', useNormalizedEsInterval: true, interval: 'auto', drop_partials: false, min_doc_count: 1, extended_bounds: {} } });
const terms = (id: string, schema: string, field: string, size: number, orderBy = '1', label?: string): Agg => ({
  id, type: 'terms', schema, params: { field, size, order: 'desc', orderBy, otherBucket: false, missingBucket: false, ...(label ? { customLabel: label } : {}) },
});

function xyParams(kind: 'line' | 'histogram' | 'area', mode: 'normal' | 'stacked' | 'percentage', yTitle: string) {
  return {
    type: kind,
    grid: { categoryLines: false },
    categoryAxes: [{ id: 'CategoryAxis-1', type: 'category', position: 'bottom', show: true, style: {}, scale: { type: 'linear' }, labels: { show: true, filter: true, truncate: 100 }, title: {} }],
    valueAxes: [{ id: 'ValueAxis-1', name: 'LeftAxis-1', type: 'value', position: 'left', show: true, style: {}, scale: { type: 'linear', mode }, labels: { show: true, rotate: 0, filter: false, truncate: 100 }, title: { text: yTitle } }],
    seriesParams: [{ show: true, type: kind === 'histogram' ? 'histogram' : kind, mode: mode === 'normal' ? 'normal' : 'stacked', data: { label: yTitle, id: '1' }, valueAxis: 'ValueAxis-1', drawLinesBetweenPoints: true, lineWidth: 2, showCircles: true, interpolate: 'linear' }],
    addTooltip: true,
    legendPosition: 'right',
    legendSize: 'auto',
    times: [],
    addTimeMarker: false,
    truncateLegend: true,
    maxLegendLines: 1,
    thresholdLine: { show: false, value: 10, width: 1, style: 'full', color: '#E7664C' },
    labels: {},
    palette: { type: 'palette', name: 'default' },
    detailedTooltip: true,
    isVislibVis: true,
  };
}
const pieParams = { type: 'pie', addTooltip: true, legendDisplay: 'show', legendPosition: 'right', isDonut: true, nestedLegend: false, distinctColors: true, palette: { type: 'palette', name: 'default' }, labels: { show: true, values: true, last_level: true, truncate: 100, position: 'default', valuesFormat: 'percent', percentDecimals: 1 } };
const tableParams = { perPage: 10, showPartialRows: false, showMetricsAtAllLevels: false, showTotal: false, totalFunc: 'sum', percentageCol: '', autoFitRowToContent: false, showToolbar: true };
const tagcloudParams = { scale: 'linear', orientation: 'single', minFontSize: 14, maxFontSize: 60, showLabel: false, palette: { type: 'palette', name: 'default' } };

function vis(id: string, dataViewId: string, title: string, type: string, params: unknown, aggs: Agg[], query = '', description = ''): SavedObject {
  const visState = { title, type, params, aggs: aggs.map((a) => ({ enabled: true, ...a })) };
  return obj(
    'visualization',
    id,
    { title, description, visState: JSON.stringify(visState), uiStateJSON: '{}', version: 1, kibanaSavedObjectMeta: { searchSourceJSON: searchSource(query) } },
    [{ name: INDEX_REF, type: 'index-pattern', id: dataViewId }],
  );
}

const metricParams = {
  addTooltip: true,
  addLegend: false,
  type: 'metric',
  metric: { percentageMode: false, useRanges: false, colorSchema: 'Green to Red', metricColorMode: 'None', colorsRange: [{ from: 0, to: 10000 }], labels: { show: true }, invertColors: false, style: { bgFill: '#000', bgColor: false, labelColor: false, subText: '', fontSize: 60 } },
};

/** Mentions that need a reply and have no owned answer yet (the desk also hides handled and snoozed ones). */
const WAITING = 'reply.needed:true and not response.answeredAt:*';

/** A dashboard of `panels`, laid out left to right in rows of 48 columns. */
function dashboard(id: string, title: string, description: string, panels: Array<{ ref: SavedObject; w: number; h: number }>): SavedObject {
  let x = 0;
  let y = 0;
  let rowH = 0;
  const panelsJSON = panels.map((p, i) => {
    if (x + p.w > 48) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    const panelIndex = String(i + 1);
    const gridData = { x, y, w: p.w, h: p.h, i: panelIndex };
    x += p.w;
    rowH = Math.max(rowH, p.h);
    return { version: '8.8.0', type: p.ref.type, gridData, panelIndex, embeddableConfig: { enhancements: {} }, panelRefName: `panel_${panelIndex}` };
  });
  return obj(
    'dashboard',
    id,
    {
      title,
      description,
      panelsJSON: JSON.stringify(panelsJSON),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      timeRestore: true,
      timeFrom: 'now-7d',
      timeTo: 'now',
      refreshInterval: { pause: false, value: 60_000 },
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
    },
    panels.map((p, i) => ({ name: `${i + 1}:panel_${i + 1}`, type: p.ref.type, id: p.ref.id })),
  );
}

/** Id of the mentions data view shipped for an index prefix (the default of `alerts.kibanaDataView`). */
export function mentionsDataViewId(prefix: string = DEFAULT_PREFIX): string {
  return `${prefix}-mentions-view`;
}

/** Every saved object, in dependency order (data views first, dashboard last). */
export function buildSavedObjects(prefix: string = DEFAULT_PREFIX): SavedObject[] {
  const n = indexNames(prefix);
  const mv = mentionsDataViewId(prefix);
  const av = `${prefix}-alerts-view`;
  const id = (s: string) => `${prefix}-${s}`;
  const listColumns = ['source.name', 'author.handle', 'sentiment.label', 'sentiment.score', 'influence.score', 'url', 'text'];

  const views = [
    dataView(mv, `${n.mentionsAlias}*`, 'Vigie mentions', {
      url: { id: 'url', params: { type: 'a', urlTemplate: null, labelTemplate: 'open ↗' } },
      'author.url': { id: 'url', params: { type: 'a', urlTemplate: null, labelTemplate: null } },
      'sentiment.score': { id: 'color', params: { fieldType: 'number', colors: colorRanges } },
      'sentiment.confidence': { id: 'percent', params: {} },
      'lang.confidence': { id: 'percent', params: {} },
      'influence.score': { id: 'number', params: { pattern: '0' } },
      'influence.reach': { id: 'number', params: { pattern: '0,0' } },
    }),
    dataView(av, n.alerts, 'Vigie alerts', {
      'evidence.sampleUrls': { id: 'url', params: { type: 'a', urlTemplate: null, labelTemplate: null } },
      'evidence.negativeShare': { id: 'percent', params: {} },
    }),
  ];

  const searches = [
    savedSearch(id('negative-brand'), mv, 'Vigie · negative mentions of the brand', 'sentiment.label:negative and brand:*', listColumns, 'Negative mentions matching a brand watch entry, newest first'),
    savedSearch(id('influential-authors'), mv, 'Vigie · influential authors', 'influence.score >= 70', ['author.handle', 'author.followers', 'influence.score', 'sentiment.label', 'url', 'text'], 'Mentions by authors with influence 70 or more'),
    savedSearch(id('brand-mentions'), mv, 'Vigie · brand mentions', 'brand:*', listColumns, 'Every mention matching a brand watch entry; add a filter on brand to pick one'),
    savedSearch(id('competitor-mentions'), mv, 'Vigie · competitor mentions', 'competitor:*', ['competitor', ...listColumns], 'Every mention matching a competitor; add a filter on competitor to pick one'),
    savedSearch(id('alerts-list'), av, 'Vigie · incidents', 'record:incident', ['scope', 'severity', 'status', 'rules', 'pages', 'firstPageAt', 'resolvedAt', 'title'], 'One line per crisis: every rule that fired for the scope, pages sent, first page, resolution'),
    savedSearch(id('alert-events'), av, 'Vigie · incident events', 'not record:incident', ['incidentId', 'seq', 'state', 'rule', 'severity', 'evidence.count', 'channels.outcome'], 'Every event of every incident (opened, updated, escalated, resolved), with the rule it is about'),
  ];

  const visualizations = [
    vis(id('volume-by-subject'), mv, 'Volume over time by brand and competitor', 'histogram', xyParams('histogram', 'stacked', 'Mentions'), [count(), dateHistogram(), terms('3', 'group', 'voice', 10)], 'voice:*'),
    vis(id('sentiment-over-time'), mv, 'Sentiment over time', 'area', xyParams('area', 'percentage', 'Share of mentions'), [count(), dateHistogram(), terms('3', 'group', 'sentiment.label', 3)]),
    vis(id('share-of-voice'), mv, 'Share of voice', 'pie', pieParams, [count(), terms('2', 'segment', 'voice', 10)], 'voice:*'),
    vis(id('top-platforms'), mv, 'Top platforms and sources', 'table', tableParams, [count(), terms('2', 'bucket', 'source.kind', 10, '1', 'Platform'), terms('3', 'bucket', 'source.name', 10, '1', 'Source')]),
    vis(id('top-sites'), mv, 'Sites that mention us most', 'table', tableParams, [count(), terms('2', 'bucket', 'site', 20, '1', 'Site')], 'brand:*'),
    vis(id('top-authors'), mv, 'Top authors by influence', 'table', tableParams, [
      { id: '1', type: 'max', schema: 'metric', params: { field: 'influence.score', customLabel: 'Influence' } },
      { id: '4', type: 'count', schema: 'metric', params: { customLabel: 'Mentions' } },
      { id: '5', type: 'sum', schema: 'metric', params: { field: 'engagement.total', customLabel: 'Engagement' } },
      terms('2', 'bucket', 'author.handle', 20, '1', 'Author'),
    ]),
    vis(id('top-hashtags'), mv, 'Top hashtags', 'tagcloud', tagcloudParams, [count(), terms('2', 'segment', 'entities.hashtags', 40)]),
    vis(id('language-split'), mv, 'Language split', 'pie', pieParams, [count(), terms('2', 'segment', 'lang.code', 10)]),
    vis(id('alerts-timeline'), av, 'Incidents on a timeline', 'histogram', xyParams('histogram', 'stacked', 'Incidents'), [count(), dateHistogram(), terms('3', 'group', 'severity', 5)], 'record:incident'),
  ];

  const panels: Array<{ ref: SavedObject; w: number; h: number }> = [
    { ref: visualizations[0]!, w: 24, h: 14 },
    { ref: visualizations[1]!, w: 24, h: 14 },
    { ref: visualizations[2]!, w: 16, h: 14 },
    { ref: visualizations[3]!, w: 16, h: 14 },
    { ref: visualizations[6]!, w: 16, h: 14 },
    { ref: visualizations[5]!, w: 24, h: 16 },
    { ref: visualizations[4]!, w: 24, h: 16 },
    { ref: visualizations[7]!, w: 16, h: 14 },
    { ref: visualizations[8]!, w: 32, h: 14 },
    { ref: searches[0]!, w: 48, h: 18 },
  ];
  const overview = dashboard(id('overview'), 'Vigie · brand overview', 'Volume, sentiment, share of voice, sources, authors, hashtags, languages, alerts and the latest negative mentions', panels);

  // The response desk in Kibana: the queue, how fast the brand answers, what waits where.
  const queue = savedSearch(
    id('reply-queue'),
    mv,
    'Vigie · waiting for a reply',
    WAITING,
    ['brand', 'source.kind', 'author.handle', 'reply.reasons', 'sentiment.score', 'influence.score', 'influence.reach', 'url', 'text'],
    'Mentions that need an answer and have none from an owned account yet, highest priority first: influence, then negativity, then the oldest (the desk adds reach and waiting time, and hides what was marked handled or snoozed)',
    [['influence.score', 'desc'], ['sentiment.score', 'asc'], ['@timestamp', 'asc']],
  );
  const responseVis = [
    vis(id('reply-waiting'), mv, 'Mentions waiting for a reply', 'metric', metricParams, [{ id: '1', type: 'count', schema: 'metric', params: { customLabel: 'Waiting for a reply' } }], WAITING),
    vis(
      id('response-time'),
      mv,
      'Response time (median and 90th percentile, seconds)',
      'line',
      xyParams('line', 'normal', 'Seconds to the first answer'),
      [{ id: '1', type: 'percentiles', schema: 'metric', params: { field: 'response.seconds', percents: [50, 90], customLabel: 'Response time' } }, dateHistogram()],
      'response.answeredAt:*',
      'Seconds from a mention to the first reply of an owned account, by publication time of the mention',
    ),
    vis(
      id('response-by-platform'),
      mv,
      'Answered and waiting by platform',
      'table',
      tableParams,
      [
        count(),
        terms('2', 'bucket', 'source.kind', 10, '1', 'Platform'),
        { id: '3', type: 'filters', schema: 'bucket', params: { filters: [{ input: { query: 'response.answeredAt:*', language: 'kuery' }, label: 'answered' }, { input: { query: 'not response.answeredAt:*', language: 'kuery' }, label: 'waiting' }] } },
        { id: '4', type: 'median', schema: 'metric', params: { field: 'response.seconds', customLabel: 'Median response (s)' } },
      ],
      'reply.needed:true',
      'Mentions that needed a reply, per platform: answered by an owned account or still waiting, with the median response time',
    ),
  ];
  const desk = dashboard(id('response-desk'), 'Vigie · response desk', 'Mentions waiting for the brand’s answer, response times and what waits on which platform', [
    { ref: responseVis[0]!, w: 12, h: 10 },
    { ref: responseVis[1]!, w: 36, h: 10 },
    { ref: responseVis[2]!, w: 48, h: 12 },
    { ref: queue, w: 48, h: 20 },
  ]);
  return [...views, ...searches, queue, ...visualizations, ...responseVis, overview, desk];
}

/** The NDJSON Kibana's import API takes: one object per line. */
export function toNdjson(objects: readonly SavedObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}
