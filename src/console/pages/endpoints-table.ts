import { ConsoleEndpointsDocument, type ConsoleEndpointsQuery, type EndpointSort } from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { h, notice } from '../dom.ts';
import { formatCount, formatMs, formatNumber, formatPercent } from '../format.ts';

type Endpoint = ConsoleEndpointsQuery['endpoints']['nodes'][number];

/** One endpoint, as the traffic page's charts are filtered to it. */
export interface EndpointChoice {
  method: string;
  route: string;
}

const COLUMNS: [string, EndpointSort | null][] = [
  ['Endpoint', null],
  ['Requests', 'volume'],
  ['Error rate', 'error_rate'],
  ['p50', null],
  ['p95', 'p95'],
  ['p99', null],
  ['p95 vs previous period', 'change'],
];

const change = (ratio: number | null) => (ratio === null ? 'new' : `${formatNumber(ratio)}x`);

/**
 * The endpoints of the range (GraphQL `endpoints`): sortable by the server on volume, error rate, p95
 * or p95 change; a row (or its link, for the keyboard) filters the charts above to that endpoint.
 */
export async function endpointsTable(options: {
  environment: string | null;
  range: { since: string };
  /** The buckets read; all the caller sees when null. */
  buckets: string[] | null;
  selected: EndpointChoice | null;
  /** The address of the traffic page filtered to an endpoint. */
  href: (endpoint: EndpointChoice) => string;
  choose: (endpoint: EndpointChoice) => void;
}): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'endpoints-title', 'data-section': 'endpoints' });
  let sort: EndpointSort = 'volume';
  let rows: Endpoint[] = [];
  let after: string | null = null;

  const row = (endpoint: Endpoint) => {
    const label = `${endpoint.method} ${endpoint.route}`;
    const isSelected = options.selected?.method === endpoint.method && options.selected.route === endpoint.route;
    const link = h(
      'a',
      {
        href: options.href(endpoint),
        'aria-current': isSelected ? 'true' : null,
        title: `Filter the charts to ${label}`,
      },
      label,
    );
    const tr = h(
      'tr',
      { class: isSelected ? 'endpoint selected' : 'endpoint', 'data-endpoint': label },
      h('td', {}, link),
      h('td', { class: 'number' }, formatCount(endpoint.stats.count)),
      h('td', { class: 'number' }, formatPercent(endpoint.stats.errorRate)),
      h('td', { class: 'number' }, formatMs(endpoint.stats.p50Ms)),
      h('td', { class: 'number' }, formatMs(endpoint.stats.p95Ms)),
      h('td', { class: 'number' }, formatMs(endpoint.stats.p99Ms)),
      h('td', { class: 'number' }, change(endpoint.p95Change)),
    );
    // The link is the keyboard's way in; a click anywhere on the row does the same for the mouse.
    tr.addEventListener('click', (event) => {
      event.preventDefault();
      options.choose(endpoint);
    });
    return tr;
  };

  async function load(more: boolean) {
    try {
      const { endpoints } = await request(ConsoleEndpointsDocument, {
        environment: options.environment,
        range: options.range,
        buckets: options.buckets,
        sort,
        after: more ? after : null,
      });
      rows = more ? [...rows, ...endpoints.nodes] : endpoints.nodes;
      after = endpoints.endCursor;
      const headers = COLUMNS.map(([title, key]) => {
        if (!key) return h('th', { scope: 'col' }, title);
        const button = h(
          'button',
          { type: 'button', class: 'sort', 'aria-label': `Sort endpoints by ${title.toLowerCase()}` },
          title,
        );
        button.addEventListener('click', () => {
          sort = key;
          void load(false);
        });
        return h('th', { scope: 'col', 'aria-sort': key === sort ? 'descending' : null }, button);
      });
      const moreButton = h('button', { type: 'button', class: 'secondary' }, 'More endpoints');
      moreButton.addEventListener('click', () => void load(true));
      section.replaceChildren(
        h('h3', { id: 'endpoints-title' }, 'Endpoints'),
        h(
          'table',
          { class: 'endpoints' },
          h(
            'caption',
            {},
            `${formatCount(endpoints.totalCount)} endpoints with requests in the range; choose one to filter the charts`,
          ),
          h('thead', {}, h('tr', {}, ...headers)),
          h('tbody', {}, ...rows.map(row)),
        ),
        endpoints.untrackedRequests > 0
          ? h(
              'p',
              {},
              `${formatCount(endpoints.untrackedRequests)} requests on routes past the per-hour route bound are counted in the totals but not per endpoint.`,
            )
          : '',
        after ? moreButton : '',
      );
    } catch (error) {
      section.replaceChildren(
        h('h3', { id: 'endpoints-title' }, 'Endpoints'),
        notice((error as Error).message, 'error'),
      );
    }
  }
  await load(false);
  return section;
}
