/** A HAR 1.2 document shaped like Chrome's "Save all as HAR with content", built in code for the tests. */
export function browserHar(secret: string) {
  const entry = (
    i: number,
    method: string,
    url: string,
    status: number,
    extra: { postData?: object; content?: object; headers?: { name: string; value: string }[] } = {},
  ) => ({
    _initiator: { type: 'script' },
    _priority: 'High',
    _resourceType: 'fetch',
    cache: {},
    connection: '443',
    pageref: 'page_1',
    request: {
      method,
      url,
      httpVersion: 'http/2.0',
      headers: [
        { name: ':authority', value: new URL(url).host },
        { name: ':method', value: method },
        { name: ':path', value: new URL(url).pathname },
        { name: 'accept', value: 'application/json' },
        { name: 'authorization', value: `Bearer ${secret}` },
        {
          name: 'user-agent',
          value:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        },
        ...(extra.headers ?? []),
      ],
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      cookies: [],
      headersSize: -1,
      bodySize: extra.postData ? 64 : 0,
      ...(extra.postData ? { postData: extra.postData } : {}),
    },
    response: {
      status,
      statusText: status === 200 ? 'OK' : '',
      httpVersion: 'http/2.0',
      headers: [
        { name: 'content-type', value: 'application/json; charset=utf-8' },
        { name: 'date', value: 'Sat, 21 Nov 2026 10:00:00 GMT' },
      ],
      cookies: [],
      content: extra.content ?? { size: 27, mimeType: 'application/json', text: '{"ok":true,"items":[1,2,3]}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 512,
      _error: null,
    },
    serverIPAddress: '203.0.113.10',
    startedDateTime: new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(),
    time: 120.5 + i,
    timings: {
      blocked: 1.2,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0.2,
      wait: 110.1 + i,
      receive: 9,
      _blocked_queueing: 0.8,
    },
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [
        {
          startedDateTime: '2026-11-21T10:00:00.000Z',
          id: 'page_1',
          title: 'https://app.example.com/',
          pageTimings: { onContentLoad: 300, onLoad: 800 },
        },
      ],
      entries: [
        entry(0, 'GET', 'https://api.example.com/v1/orders?page=1', 200),
        entry(1, 'POST', 'https://api.example.com/v1/orders', 201, {
          postData: { mimeType: 'application/json', text: '{"sku":"A-1","qty":2}' },
        }),
        entry(2, 'GET', 'https://api.example.com/v1/orders/ord_9f8e7d6c5b', 404, {
          content: { size: 21, mimeType: 'application/json', text: '{"error":"not_found"}' },
        }),
        entry(3, 'GET', 'https://cdn.example.com/logo.png', 200, {
          content: {
            size: 1024,
            mimeType: 'image/png',
            text: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
            encoding: 'base64',
          },
        }),
        entry(4, 'GET', 'https://api.example.com/healthz', 200),
        entry(5, 'GET', 'https://api.example.com/v1/orders?page=2', 0, { content: { size: 0, mimeType: 'x-unknown' } }),
      ],
    },
  };
}
