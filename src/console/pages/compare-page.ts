import {
  ConsoleCompareDocument,
  ConsoleEventsDocument,
  type ConsoleComparisonRowFragment,
  type ConsoleCompareQuery,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { field, h, notice, select, time } from '../dom.ts';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.ts';
import type { PageContext } from './page-context.ts';

type Row = ConsoleComparisonRowFragment;

const PERIODS: [string, string][] = [
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
];
/** How many endpoints the table lists (GraphQL `first`, 1 to 100); the overall row is always there. */
const LIMITS = ['5', '10', '20', '50', '100'];
const DEFAULT_LIMIT = 20;
const WINDOWS: [string, string][] = [
  ['30m', '30 minutes'],
  ['1h', '1 hour'],
  ['6h', '6 hours'],
  ['1d', '1 day'],
];

/**
 * What to compare: the last `since` against the period before it, or `window` before and after an event;
 * `limit` endpoints listed (the default when absent).
 */
export type Comparison = (
  | { since: string; event: null; window: null }
  | { since: null; event: string; window: string }
) & {
  limit?: number;
};

export function comparison(params: URLSearchParams): Comparison {
  const event = params.get('event');
  const limit = Number(params.get('limit'));
  const listed = LIMITS.includes(String(limit)) ? { limit } : {};
  return event
    ? { since: null, event, window: params.get('window') ?? '1h', ...listed }
    : { since: params.get('since') ?? '24h', event: null, window: null, ...listed };
}

export function compareHref(view: Comparison): string {
  const limit = view.limit && view.limit !== DEFAULT_LIMIT ? `&limit=${view.limit}` : '';
  return view.event
    ? `#/compare?event=${encodeURIComponent(view.event)}&window=${view.window}${limit}`
    : `#/compare?since=${view.since}${limit}`;
}

const ratio = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}x`);
const endpointName = (row: Row) => (row.method && row.route ? `${row.method} ${row.route}` : 'All endpoints');

/** The answer first, in one sentence, the way the model text leads with it. */
function headline(result: ConsoleCompareQuery['comparePeriods']): string {
  const o = result.overall;
  const overall = `overall p95 ${formatMs(o.after.p95Ms)} after vs ${formatMs(o.before.p95Ms)} before (${ratio(o.p95Ratio)}), error rate ${formatPercent(o.after.errorRate)} vs ${formatPercent(o.before.errorRate)}, n=${formatCount(o.after.count)}/${formatCount(o.before.count)}`;
  const changed =
    result.significantCount === 0
      ? 'No endpoint changed significantly'
      : `${result.significantCount} of ${result.totalEndpoints} endpoints changed significantly`;
  return `${changed}; ${overall}.`;
}

/** How much of the list the table shows, so a cut list never reads as the whole answer. */
function listedText(result: ConsoleCompareQuery['comparePeriods']): string {
  const hidden = result.totalEndpoints - result.endpoints.length;
  return hidden > 0
    ? `Showing ${formatCount(result.endpoints.length)} of ${formatCount(result.totalEndpoints)} endpoints; ${formatCount(hidden)} not shown (choose more under "Endpoints listed").`
    : `Showing all ${formatCount(result.totalEndpoints)} endpoints.`;
}

function rowCells(row: Row): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-endpoint': endpointName(row), 'data-verdict': row.verdict },
    h('th', { scope: 'row' }, endpointName(row)),
    h('td', { class: `verdict-${row.verdict}` }, row.verdict.replace('_', ' ')),
    h('td', { class: 'number' }, `${formatMs(row.before.p95Ms)} → ${formatMs(row.after.p95Ms)}`),
    h('td', { class: 'number' }, ratio(row.p95Ratio)),
    h('td', { class: 'number' }, `${formatPercent(row.before.errorRate)} → ${formatPercent(row.after.errorRate)}`),
    h('td', { class: 'number' }, `${formatCount(row.before.count)} / ${formatCount(row.after.count)}`),
    h('td', { class: 'number' }, ratio(row.throughputRatio)),
  );
}

/**
 * Did something change? GraphQL comparePeriods per endpoint and overall, changes called only where the
 * server's significance test calls them, regressions first by the number of requests they affect.
 */
export async function comparePage(ctx: PageContext, view: Comparison): Promise<HTMLElement> {
  const page = h('section', { 'aria-labelledby': 'compare-title' }, h('h2', { id: 'compare-title' }, 'Compare'));
  const { events } = await request(ConsoleEventsDocument, { environment: ctx.environment, range: { since: '30d' } });
  const period = select('period', PERIODS, view.since ?? '24h');
  const event = select(
    'event',
    [
      ['', 'No event: compare periods'],
      ...events.events.map((e): [string, string] => [e.id, `${time(e.startedAt)} ${e.type}: ${e.title}`]),
    ],
    view.event ?? '',
  );
  const window = select('window', WINDOWS, view.window ?? '1h');
  const limit = select('limit', LIMITS, String(view.limit ?? DEFAULT_LIMIT));
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'compare-form-title' },
    h('h3', { id: 'compare-form-title' }, 'What to compare'),
    field('Period, against the one just before it', period),
    field('Or around an event', event),
    field('Window before and after the event', window),
    field('Endpoints listed', limit),
    h('button', { type: 'submit' }, 'Compare'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const listed = Number(limit.value);
    ctx.navigate(
      compareHref(
        event.value
          ? { since: null, event: event.value, window: window.value, limit: listed }
          : { since: period.value, event: null, window: null, limit: listed },
      ),
    );
  });
  page.append(form);

  try {
    const { comparePeriods: result } = await request(ConsoleCompareDocument, {
      environment: ctx.environment,
      after: view.since ? { since: view.since } : null,
      event: view.event,
      window: view.window,
      first: view.limit ?? DEFAULT_LIMIT,
    });
    const subject = result.event
      ? `${result.event.type} "${result.event.title}" (${time(result.event.startedAt)})`
      : null;
    page.append(
      h('p', { class: 'lead', 'data-testid': 'compare-headline' }, headline(result)),
      h(
        'p',
        {},
        `After: ${time(result.after.from)} to ${time(result.after.to)}; before: ${time(result.before.from)} to ${time(result.before.to)}`,
        subject ? `; around ${subject}` : '',
        `. Changes are called on at least ${formatCount(result.minimumRequests)} requests in each period.`,
      ),
      h(
        'table',
        { class: 'comparison' },
        h('caption', {}, 'Endpoints, changes called first, by the requests they affect'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[
              'Endpoint',
              'Verdict',
              'p95 before → after',
              'p95 ratio',
              'Error rate before → after',
              'Requests before / after',
              'Throughput ratio',
            ].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h('tbody', {}, rowCells(result.overall), ...result.endpoints.map(rowCells)),
      ),
      h('p', { 'data-testid': 'compare-listed' }, listedText(result)),
    );
  } catch (error) {
    page.append(notice((error as Error).message, 'error'));
  }
  return page;
}
