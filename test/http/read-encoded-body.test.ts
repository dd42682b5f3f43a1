import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LimitExceededError, UserInputError } from '../../src/errors.ts';
import { readEncodedBody } from '../../src/http/read-encoded-body.ts';

const LIMIT = 1_024;

// A real HTTP server, so the body arrives as Node delivers it: in chunks, with its headers.
let url: string;
let outcome: Promise<Buffer | Error>;
const server = createServer((req: IncomingMessage, res) => {
  outcome = readEncodedBody(req, LIMIT).catch((error: Error) => error);
  void outcome.then(() => res.end());
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function read(body: Buffer, encoding?: string): Promise<Buffer | Error> {
  await fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: encoding ? { 'content-encoding': encoding } : {},
  });
  return outcome;
}

describe('readEncodedBody', () => {
  it('inflates a body whose Content-Encoding names gzip in any case', async () => {
    const inflated = await read(gzipSync('{"a":1}'), 'GZIP');
    expect(inflated).toEqual(Buffer.from('{"a":1}'));
  });

  it('refuses a small gzip body that inflates past the limit as a limit, not as bad input', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 50, 'a'));
    expect(bomb.length).toBeLessThan(LIMIT);
    const result = await read(bomb, 'gzip');
    expect(result).toBeInstanceOf(LimitExceededError);
    expect((result as Error).message).toBe('The request body is larger than 1024 bytes (INGEST_MAX_REQUEST_BYTES)');
  });

  it('refuses a body past the limit on the wire', async () => {
    expect(await read(Buffer.alloc(LIMIT + 1, 'a'))).toBeInstanceOf(LimitExceededError);
  });

  it('refuses a body that says gzip but is not, naming gzip', async () => {
    const result = await read(Buffer.from('not gzip at all'), 'gzip');
    expect(result).toBeInstanceOf(UserInputError);
    expect((result as Error).message).toContain('gzip');
  });
});
