import { describe, expect, it } from 'vitest';
import { chartFilter, chosenEndpoint, trafficHref, trafficView } from '../../src/console/pages/traffic-filters.ts';

const viewOf = (href: string) => trafficView(new URLSearchParams(href.split('?')[1]));

describe('the traffic page address', () => {
  it('gives back every filter it was made from, so a link reproduces the view', () => {
    const view = {
      since: '7d',
      method: 'POST',
      route: '/api/users/:id',
      path: '/api/*/orders',
      statusClass: '5xx' as const,
      bucket: 'payments',
    };
    expect(viewOf(trafficHref(view))).toEqual(view);
  });

  it('is the range alone when nothing is filtered', () => {
    expect(trafficHref({ since: '24h' })).toBe('#/traffic?since=24h');
    expect(viewOf('#/traffic?since=24h')).toEqual({
      since: '24h',
      method: null,
      route: null,
      path: null,
      statusClass: null,
      bucket: null,
    });
  });

  it('still opens one endpoint from a link made before the method and path filters', () => {
    const view = viewOf('#/traffic?since=24h&method=GET&route=%2Fapi%2Fusers%2F%3Aid');
    expect(chosenEndpoint(view)).toEqual({ method: 'GET', route: '/api/users/:id' });
  });

  it('drops a status class that is not one, rather than sending it', () => {
    expect(viewOf('#/traffic?since=24h&status=7xx').statusClass).toBeNull();
  });
});

describe('the request filter of the traffic charts', () => {
  it('uses the GraphQL filter fields methods, route, path and statusClasses', () => {
    expect(chartFilter({ since: '24h', method: 'GET', route: '/api/users', path: '/api', statusClass: '4xx' })).toEqual(
      { methods: ['GET'], route: '/api/users', path: '/api', statusClasses: ['CLIENT_ERROR'] },
    );
  });

  it('is null when only the range and bucket are chosen, which the query takes apart', () => {
    expect(chartFilter({ since: '24h', bucket: 'payments' })).toBeNull();
  });

  it('judges anomalies for an endpoint only when both its method and route are chosen', () => {
    expect(chosenEndpoint({ since: '24h', method: 'GET' })).toBeNull();
    expect(chosenEndpoint({ since: '24h', route: '/api/users' })).toBeNull();
  });
});
