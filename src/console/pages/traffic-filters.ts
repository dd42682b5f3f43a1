import type { RequestFilterInput } from '../../generated/graphql.ts';
import {
  STATUS_CLASSES as ALL_STATUS_CLASSES,
  type StatusClass,
  statusClassName,
} from '../../domain/analytics/status-classes.ts';
import { ApiError } from '../api.ts';
import { field, h, select, showFieldError } from '../dom.ts';
import type { EndpointChoice } from './endpoints-table.ts';
import type { PageContext } from './page-context.ts';

const RANGES: [string, string][] = [
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** The classes a person filters traffic by: every class but 1xx, which API traffic almost never answers with. */
export const STATUS_CLASSES = ALL_STATUS_CLASSES.filter((label) => label !== '1xx');

/**
 * What the traffic page shows, all of it in the address so a link reproduces the view: a range, and
 * optionally a method, a route (from the endpoints table; with the method, one endpoint), a path prefix
 * or glob, a status class and a bucket. Method, route, path and status class narrow the tiles and charts;
 * the bucket narrows those, the anomalies and the endpoints table too.
 */
export interface TrafficView {
  since: string;
  method?: string | null;
  route?: string | null;
  path?: string | null;
  statusClass?: StatusClass | null;
  bucket?: string | null;
}

export function trafficHref(view: TrafficView): string {
  const params = new URLSearchParams({ since: view.since });
  if (view.method) params.set('method', view.method);
  if (view.route) params.set('route', view.route);
  if (view.path) params.set('path', view.path);
  if (view.statusClass) params.set('status', view.statusClass);
  if (view.bucket) params.set('bucket', view.bucket);
  return `#/traffic?${params.toString()}`;
}

export function trafficView(params: URLSearchParams): TrafficView {
  const status = params.get('status');
  return {
    since: params.get('since') ?? '24h',
    method: params.get('method')?.toUpperCase() || null,
    route: params.get('route') || null,
    path: params.get('path')?.trim() || null,
    statusClass: STATUS_CLASSES.find((c) => c === status) ?? null,
    bucket: params.get('bucket') || null,
  };
}

/** The endpoint chosen (method and route both given), which anomalies can be judged for; null otherwise. */
export const chosenEndpoint = (view: TrafficView): EndpointChoice | null =>
  view.method && view.route ? { method: view.method, route: view.route } : null;

/** The request filter of the tiles and charts, null for everything. */
export function chartFilter(view: TrafficView): RequestFilterInput | null {
  const filter: RequestFilterInput = {
    ...(view.method ? { methods: [view.method] } : {}),
    ...(view.route ? { route: view.route } : {}),
    ...(view.path ? { path: view.path } : {}),
    ...(view.statusClass ? { statusClasses: [statusClassName(view.statusClass)] } : {}),
  };
  return Object.keys(filter).length > 0 ? filter : null;
}

const filtered = (view: TrafficView) => chartFilter(view) !== null || Boolean(view.bucket);

/** The filter bar's controls, to put the server's complaint about one of them beside it. */
interface FilterControls {
  method: HTMLSelectElement;
  path: HTMLInputElement;
  status: HTMLSelectElement;
  bucket: HTMLSelectElement;
}

/**
 * The range and filters of the traffic page. A select applies at once; the path applies on Enter or when
 * the field is left. Every change is a new address, so Back undoes it.
 */
export function filterBar(ctx: PageContext, view: TrafficView): { form: HTMLElement; controls: FilterControls } {
  const range = select('range', RANGES, view.since);
  // A method from a hand-written link stays selectable, so the select never misstates the filter.
  const methods = view.method && !METHODS.includes(view.method) ? [...METHODS, view.method] : METHODS;
  const controls: FilterControls = {
    method: select('method', [['', 'Any'], ...methods], view.method ?? ''),
    path: h('input', { name: 'path', value: view.path ?? '', placeholder: '/api/users or /api/*/orders' }),
    status: select('status', [['', 'All'], ...STATUS_CLASSES], view.statusClass ?? ''),
    bucket: select('bucket', [['', 'All buckets'], ...ctx.buckets.map((b) => b.name)], view.bucket ?? ''),
  };
  let shown = trafficHref(view);
  const apply = () => {
    const next = trafficHref({
      since: range.value,
      method: controls.method.value || null,
      route: view.route,
      path: controls.path.value.trim() || null,
      statusClass: STATUS_CLASSES.find((c) => c === controls.status.value) ?? null,
      bucket: controls.bucket.value || null,
    });
    // Enter in the path fires both submit and change: the second would only redraw the same view.
    if (next === shown) return;
    shown = next;
    ctx.navigate(next);
  };
  for (const control of [range, controls.method, controls.path, controls.status, controls.bucket])
    control.addEventListener('change', apply);
  const clear = h('button', { type: 'button', class: 'secondary' }, 'Clear filters');
  clear.addEventListener('click', () => ctx.navigate(trafficHref({ since: view.since })));
  const form = h(
    'form',
    { class: 'inline', 'data-form': 'traffic-filters' },
    field('Range', range),
    field('Method of the charts', controls.method),
    field('Path of the charts (prefix or glob)', controls.path),
    field('Status class of the charts', controls.status),
    field('Bucket', controls.bucket),
    filtered(view) ? clear : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  return { form, controls };
}

/**
 * Puts the server's refusal of a filter (`filter.path`, `filter.methods`...) beside the control it is
 * about; true when it did, false for any other error.
 */
export function showFilterError(controls: FilterControls, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const control = {
    'filter.path': controls.path,
    'filter.methods': controls.method,
    'filter.statusClasses': controls.status,
    buckets: controls.bucket,
  }[error.argument ?? ''];
  if (!control) return false;
  showFieldError(control, error.message);
  return true;
}

/**
 * What the filters narrow, in words, with a way back; and what they do not narrow: anomalies are judged
 * overall or for one endpoint, over every status and path (an error rate of 5xx alone is always 100%),
 * and the endpoints table lists every endpoint of the range.
 */
export function filterNotices(view: TrafficView): HTMLElement[] {
  const notices: HTMLElement[] = [];
  if (view.route) {
    const label = `${view.method ?? 'any method'} ${view.route}`;
    notices.push(
      h(
        'p',
        { class: 'notice', role: 'status', 'data-filter': label },
        `Tiles and charts show ${label} only. `,
        h('a', { href: trafficHref({ ...view, method: null, route: null }) }, 'Show all endpoints'),
      ),
    );
  }
  const narrowed = [
    view.method && !view.route ? `${view.method} requests` : null,
    view.path ? `paths matching ${view.path}` : null,
    view.statusClass ? `${view.statusClass} responses` : null,
  ].filter((part) => part !== null);
  // Anomalies follow the charts only to one endpoint (method and route) or none, never a status or path.
  const anomaliesFollow = !view.statusClass && !view.path && Boolean(view.method) === Boolean(view.route);
  if (anomaliesFollow) return notices;
  const endpoint = chosenEndpoint(view);
  notices.push(
    h(
      'p',
      {
        class: 'notice',
        role: 'status',
        'data-status-filter': view.statusClass ?? null,
        'data-chart-filter': narrowed.length > 0 ? narrowed.join(', ') : null,
      },
      narrowed.length > 0 ? `Tiles and charts show ${narrowed.join(', ')} only. ` : '',
      `Anomalies are judged for ${endpoint ? `${endpoint.method} ${endpoint.route}` : 'all endpoints together'} over every status and path; the endpoints table lists every endpoint.`,
    ),
  );
  return notices;
}
