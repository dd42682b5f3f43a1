import { ConsoleRequestDetailDocument } from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { h, ms, time } from '../dom.ts';
import { formatCount } from '../format.ts';
import type { PageContext } from './page-context.ts';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function body(label: string, text: string | null, truncated: boolean, size: number): HTMLElement {
  return h(
    'section',
    {},
    h('h3', {}, `${label} (${formatCount(size)} bytes${truncated ? ', truncated' : ''})`),
    h('pre', {}, text ?? '(none)'),
  );
}

/** Everything captured for one request, as the schema's sanitizer lets it out. */
export async function requestPage(ctx: PageContext, id: string): Promise<HTMLElement> {
  const { requestDetail: r } = await request(ConsoleRequestDetailDocument, { id });
  const back = h(
    'a',
    { href: '#/traffic', onclick: (e: Event) => (e.preventDefault(), ctx.navigate('#/traffic')) },
    'Back to traffic',
  );
  return h(
    'section',
    { 'aria-labelledby': 'request-title' },
    h('h2', { id: 'request-title' }, `${r.method} ${r.status}`),
    back,
    h(
      'dl',
      { class: 'facts' },
      ...(
        [
          ['URL', r.url],
          ['Time', time(r.timestamp)],
          ['Duration', ms(r.durationMs)],
          ['Environment / bucket', `${r.environment.name} / ${r.bucket.name}`],
          ['Client', `${r.clientIp ?? '—'}, ${r.userAgent ?? '—'}`],
          ['Blocked', r.blocked ? `yes (${r.blockedReason ?? 'no reason'})` : 'no'],
        ] as const
      ).flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h('section', {}, h('h3', {}, 'Request headers'), h('pre', {}, pretty(r.requestHeaders))),
    body('Request body', r.requestBody, r.requestBodyTruncated, r.requestSize),
    h('section', {}, h('h3', {}, 'Response headers'), h('pre', {}, pretty(r.responseHeaders))),
    body('Response body', r.responseBody, r.responseBodyTruncated, r.responseSize),
  );
}
