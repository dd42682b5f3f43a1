import {
  ConsoleSearchDocument,
  ConsoleTrafficDocument,
  type ConsoleSearchQuery,
  type ConsoleTrafficQuery,
  type RequestFilterInput,
} from '../../generated/graphql.ts';
import { statusClassName } from '../../domain/analytics/status-classes.ts';
import { intervalNamed } from '../../domain/time/intervals.ts';
import { request } from '../api.ts';
import { legend, lineChart, type LineChartOptions, type Marker } from '../charts.ts';
import { field, h, ms, notice, select, table, time } from '../dom.ts';
import { formatCount, formatPercent } from '../format.ts';
import { anomalyBands, anomalySummary, loadAnomalies } from './anomaly-marks.ts';
import { compareHref } from './compare-page.ts';
import { endpointsTable } from './endpoints-table.ts';
import type { PageContext } from './page-context.ts';
import {
  chartFilter,
  chosenEndpoint,
  filterBar,
  filterNotices,
  STATUS_CLASSES,
  showFilterError,
  trafficHref,
  type TrafficView,
} from './traffic-filters.ts';

// Colours chosen to stay distinguishable for common colour-vision deficiencies (Okabe-Ito).
const CLASS_COLORS = { '2xx': '#009E73', '3xx': '#0072B2', '4xx': '#E69F00', '5xx': '#D55E00' };
const PERCENTILE_COLORS = { p50: '#0072B2', p95: '#E69F00', p99: '#D55E00' };

function tile(label: string, value: string): HTMLElement {
  return h('div', { class: 'tile' }, h('span', { class: 'tile-label' }, label), h('strong', {}, value));
}

function requestRows(nodes: ConsoleSearchQuery['searchRequests']['nodes'], ctx: PageContext) {
  return nodes.map((r) => [
    time(r.timestamp),
    r.method,
    h(
      'a',
      {
        href: `#/requests/${encodeURIComponent(r.id)}`,
        onclick: (e: Event) => (e.preventDefault(), ctx.navigate(`#/requests/${encodeURIComponent(r.id)}`)),
      },
      `${r.host}${r.path}`,
    ),
    String(r.status),
    ms(r.durationMs),
    r.bucket.name,
  ]);
}

/** The status class picked in a select (its label, as the page shows it), as the filter's GraphQL names. */
function chosenClasses(value: string): RequestFilterInput['statusClasses'] {
  const chosen = STATUS_CLASSES.find((c) => c === value);
  return chosen ? [statusClassName(chosen)] : null;
}

function chartFigure(name: string, caption: string, options: LineChartOptions): HTMLElement {
  return h(
    'figure',
    { class: 'chart-figure', 'data-chart': name },
    h('figcaption', {}, caption),
    lineChart(options),
    legend(options.series),
  );
}

/** The events marked on the charts in text, each a way into the comparison before and after it. */
function markersNote(events: ConsoleTrafficQuery['events']['events']): HTMLElement {
  const note = h('p', { class: 'markers-note' }, 'Event markers: ');
  for (const [i, e] of events.entries()) {
    note.append(
      i > 0 ? '; ' : '',
      h(
        'a',
        { href: compareHref({ since: null, event: e.id, window: '1h' }), title: `Compare around ${e.title}` },
        `${e.type}: ${e.title}`,
      ),
    );
  }
  note.append(' (each opens the comparison before and after it).');
  return note;
}

export async function trafficPage(ctx: PageContext, view: TrafficView): Promise<HTMLElement> {
  const { since } = view;
  const endpoint = chosenEndpoint(view);
  const page = h('section', { 'aria-labelledby': 'traffic-title' }, h('h2', { id: 'traffic-title' }, 'Traffic'));
  const filters = filterBar(ctx, view);
  page.append(
    filters.form,
    h(
      'p',
      {},
      h('a', { href: compareHref({ since, event: null, window: null }) }, 'Compare with the previous period'),
      ' (or around an event, from the Events page)',
    ),
    ...filterNotices(view),
  );

  const range = { since };
  const buckets = view.bucket ? [view.bucket] : null;
  let data: ConsoleTrafficQuery;
  let anomalies: Awaited<ReturnType<typeof loadAnomalies>>;
  try {
    [data, anomalies] = await Promise.all([
      request(ConsoleTrafficDocument, { environment: ctx.environment, range, filter: chartFilter(view), buckets }),
      loadAnomalies(ctx.environment, range, endpoint, buckets),
    ]);
  } catch (error) {
    // A filter the server refuses is said beside its field, and nothing is drawn that would read as "no traffic".
    if (!showFilterError(filters.controls, error)) throw error;
    page.append(notice('No charts until the filter is corrected.'));
    return page;
  }
  const m = data.metrics;
  page.append(
    h(
      'div',
      { class: 'tiles', role: 'group', 'aria-label': 'Summary' },
      tile('Requests', formatCount(m.totalRequests)),
      tile('Average', ms(m.averageResponseTimeMs)),
      tile('Errors', `${formatCount(m.errorCount)} (${formatPercent(m.errorRate)})`),
      tile('4xx / 5xx', `${formatCount(m.clientErrorCount)} / ${formatCount(m.serverErrorCount)}`),
      tile('Blocked', formatCount(m.blockedCount)),
      tile('p95 / p99', `${ms(data.responseTimes.overall.p95Ms)} / ${ms(data.responseTimes.overall.p99Ms)}`),
    ),
  );

  const markers: Marker[] = data.events.events.map((e) => ({
    time: Date.parse(e.startedAt),
    label: `${e.type}: ${e.title}`,
  }));
  // GraphQL names intervals (ONE_HOUR); the page draws and writes them as the label ("per 1h").
  const throughputInterval = intervalNamed(data.throughput.interval).label;
  const responseTimesInterval = intervalNamed(data.responseTimes.interval).label;
  const tp = data.throughput.points;
  const classSeries = (classes: readonly ('2xx' | '3xx' | '4xx' | '5xx')[]) =>
    classes.map((c) => ({ name: c, color: CLASS_COLORS[c], values: tp.map((p) => p[`status${c}`]) }));
  const rt = data.responseTimes.points;
  const percentileSeries = (['p50', 'p95', 'p99'] as const).map((p) => ({
    name: p,
    color: PERCENTILE_COLORS[p],
    values: rt.map((point) => point.stats[`${p}Ms`]),
  }));
  const throughputAxis = {
    starts: tp.map((p) => Date.parse(p.time)),
    partial: tp.map((p) => p.partial),
    interval: throughputInterval,
    from: Date.parse(data.throughput.range.from),
    to: Date.parse(data.throughput.range.to),
    markers,
  };
  page.append(
    chartFigure('throughput', `Successful requests per ${throughputInterval} (2xx, 3xx)`, {
      ...throughputAxis,
      title: 'Throughput: 2xx and 3xx',
      series: classSeries(['2xx', '3xx']),
      unit: '',
      summary: `${formatCount(m.totalRequests)} requests, ${markers.length} events`,
    }),
    // Errors get their own axis: a burst of a few dozen 5xx is flat beside hundreds of 2xx on a shared one.
    chartFigure('errors', `Errors per ${throughputInterval} (4xx, 5xx), on their own scale`, {
      ...throughputAxis,
      title: 'Errors: 4xx and 5xx',
      series: classSeries(['4xx', '5xx']),
      bands: anomalyBands(anomalies.errors),
      unit: '',
      summary: `${formatCount(m.clientErrorCount)} 4xx and ${formatCount(m.serverErrorCount)} 5xx, error rate ${formatPercent(m.errorRate)}`,
    }),
    chartFigure('percentiles', `Response time percentiles per ${responseTimesInterval}`, {
      title: 'Response time p50, p95, p99',
      starts: rt.map((p) => Date.parse(p.time)),
      partial: rt.map((p) => p.partial),
      interval: responseTimesInterval,
      from: Date.parse(data.responseTimes.range.from),
      to: Date.parse(data.responseTimes.range.to),
      series: percentileSeries,
      markers,
      bands: anomalyBands(anomalies.latency),
      unit: ' ms',
      summary: `overall p50 ${ms(data.responseTimes.overall.p50Ms)}, p95 ${ms(data.responseTimes.overall.p95Ms)}, p99 ${ms(data.responseTimes.overall.p99Ms)}`,
    }),
  );
  page.append(h('p', { class: 'anomalies-note', 'data-testid': 'anomalies' }, anomalySummary(anomalies)));
  if (markers.length > 0) page.append(markersNote(data.events.events));
  page.append(
    await endpointsTable({
      environment: ctx.environment,
      range,
      buckets,
      selected: endpoint,
      href: (chosen) => trafficHref({ ...view, method: chosen.method, route: chosen.route }),
      choose: (chosen) => ctx.navigate(trafficHref({ ...view, method: chosen.method, route: chosen.route })),
    }),
  );
  page.append(await searchSection(ctx, range));
  return page;
}

async function searchSection(ctx: PageContext, range: { since: string }): Promise<HTMLElement> {
  const method = select('method', [['', 'Any'], 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  const statusClass = select('statusClass', [['', 'Any'], ...STATUS_CLASSES]);
  const path = h('input', { name: 'path', placeholder: '/api/users or /api/*/orders' });
  const text = h('input', { name: 'query', placeholder: 'url, host or user agent contains' });
  const host = h('input', { name: 'host', placeholder: 'api.example.com' });
  const userAgent = h('input', { name: 'userAgent', placeholder: 'curl' });
  const clientIp = h('input', { name: 'clientIp', placeholder: '203.0.113.7' });
  const blocked = select('blocked', [
    ['', 'Any'],
    ['true', 'Blocked only'],
    ['false', 'Not blocked'],
  ]);
  const results = h('div', { 'aria-live': 'polite' });
  let after: string | null = null;
  let rows: ReturnType<typeof requestRows> = [];

  const filter = (): RequestFilterInput => ({
    methods: method.value ? [method.value] : null,
    statusClasses: chosenClasses(statusClass.value),
    path: path.value.trim() || null,
    query: text.value.trim() || null,
    host: host.value.trim() || null,
    userAgent: userAgent.value.trim() || null,
    clientIp: clientIp.value.trim() || null,
    blocked: blocked.value === '' ? null : blocked.value === 'true',
  });
  async function load(more: boolean) {
    try {
      const { searchRequests: page } = await request(ConsoleSearchDocument, {
        environment: ctx.environment,
        range,
        filter: filter(),
        after: more ? after : null,
      });
      rows = more ? [...rows, ...requestRows(page.nodes, ctx)] : requestRows(page.nodes, ctx);
      after = page.pageInfo.endCursor;
      const moreButton = h('button', { type: 'button' }, 'Load more');
      moreButton.addEventListener('click', () => void load(true));
      results.replaceChildren(
        h('p', {}, `${formatCount(page.totalCount)} matching requests`),
        table(['Time (UTC)', 'Method', 'URL', 'Status', 'Duration', 'Bucket'], rows, 'Requests, newest first'),
        page.pageInfo.hasNextPage ? moreButton : '',
      );
    } catch (error) {
      results.replaceChildren(notice((error as Error).message, 'error'));
    }
  }
  const form = h(
    'form',
    { class: 'panel filters', 'aria-labelledby': 'search-title' },
    h('h3', { id: 'search-title' }, 'Requests'),
    field('Method', method),
    field('Status class', statusClass),
    field('Path prefix or glob', path),
    field('Text', text),
    field('Host', host),
    field('User agent contains', userAgent),
    field('Client IP', clientIp),
    field('Blocked', blocked),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  await load(false);
  return h('section', { 'data-section': 'requests' }, form, results);
}
