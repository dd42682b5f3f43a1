import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createRequestClientResolver, type RequestClient } from '../../src/http/request-client.ts';
import { parseTrustProxy } from '../../src/http/trust-proxy.ts';
import { rawRequest } from '../helpers/raw-http.ts';

/** A real server on loopback that answers with how the resolver saw each request, once per TRUST_PROXY value. */
function startEcho(trustProxy: string | undefined): Promise<{ url: string; server: Server }> {
  const resolve = createRequestClientResolver(parseTrustProxy(trustProxy));
  const server = createServer((req, res) => res.end(JSON.stringify(resolve(req))));
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe('TRUST_PROXY configuration', () => {
  it('unset trusts nobody; a number is hops; a list holds addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8' }).trustProxy.kind).toBe('addresses');
  });

  it.each(['0', 'yes', '10.0.0.0/33', '10.0.0.1,', 'proxy.example', '::1/129', '1.2.3.4/8/1'])(
    'refuses %j with one line naming the variable',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY /);
    },
  );
});

describe('the client address of a request', () => {
  const echoes: Server[] = [];
  const ask = async (trustProxy: string | undefined, headers: Record<string, string> = {}): Promise<RequestClient> => {
    const { url, server } = await startEcho(trustProxy);
    echoes.push(server);
    return JSON.parse((await rawRequest(url, '/', headers)).text) as RequestClient;
  };
  afterAll(() => {
    for (const server of echoes) server.close();
  });

  it('without TRUST_PROXY is the socket peer, whatever X-Forwarded-For claims, and a proxied request is not local', async () => {
    expect(await ask(undefined)).toEqual({ address: '127.0.0.1', local: true, loopback: true });
    expect(await ask(undefined, { 'x-forwarded-for': '203.0.113.9' })).toEqual({
      address: '127.0.0.1',
      local: false,
      loopback: false,
    });
    expect((await ask(undefined, { 'x-real-ip': '203.0.113.9' })).local).toBe(false);
    expect((await ask(undefined, { forwarded: 'for=203.0.113.9' })).local).toBe(false);
  });

  it('with a number of hops walks that many proxies from the right', async () => {
    expect((await ask('1', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).address).toBe('203.0.113.9');
    expect((await ask('2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).address).toBe('198.51.100.1');
    // More hops than the header holds: the leftmost claimed address, never past it.
    expect((await ask('5', { 'x-forwarded-for': '198.51.100.1' })).address).toBe('198.51.100.1');
  });

  it('with addresses walks past trusted proxies only, so a spoofed leftmost entry is ignored', async () => {
    const client = await ask('127.0.0.1,10.0.0.0/8', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.2.3' });
    expect(client).toEqual({ address: '203.0.113.9', local: false, loopback: false });
    // The socket peer is not trusted: the header is not believed at all.
    expect((await ask('10.0.0.0/8', { 'x-forwarded-for': '203.0.113.9' })).address).toBe('127.0.0.1');
  });

  it('reads RFC 7239 Forwarded when there is no X-Forwarded-For, with quotes, brackets and ports', async () => {
    expect((await ask('1', { forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https' })).address).toBe(
      '2001:db8:cafe::17',
    );
    expect((await ask('1', { forwarded: 'for=192.0.2.60:1234;by=10.0.0.1' })).address).toBe('192.0.2.60');
  });

  it('a hop that is not an address ends the walk at the proxy that reported it', async () => {
    expect((await ask('2', { 'x-forwarded-for': 'evil-key-of-my-choice, 203.0.113.9' })).address).toBe('203.0.113.9');
    expect((await ask('1', { forwarded: 'for=unknown' })).address).toBe('127.0.0.1');
  });

  it('a loopback client named by a trusted proxy is loopback but never local (a token is needed)', async () => {
    expect(await ask('1', { 'x-forwarded-for': '127.0.0.1' })).toEqual({
      address: '127.0.0.1',
      local: false,
      loopback: true,
    });
    expect(await ask('1')).toEqual({ address: '127.0.0.1', local: false, loopback: true });
  });
});
