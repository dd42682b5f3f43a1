import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TrafficgraphYoga } from '../graphql/yoga.ts';
import { sendJson } from './json-response.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';

/**
 * /graphql through yoga's fetch API, with the body read here first so an oversized operation is refused
 * with 413 before anything parses it.
 */
export function createGraphQLRoute(yoga: TrafficgraphYoga, maxBodyBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: Buffer | undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const declared = Number(req.headers['content-length'] ?? 0);
      try {
        if (declared > maxBodyBytes) throw new BodyTooLargeError();
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return sendJson(
          res,
          413,
          {
            errors: [
              {
                message: `Request body too large (limit ${maxBodyBytes} bytes)`,
                extensions: { code: 'PAYLOAD_TOO_LARGE' },
              },
            ],
          },
          { connection: 'close' },
        );
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const response = await yoga.fetch(new URL(req.url ?? '/graphql', 'http://localhost'), {
      method: req.method,
      headers,
      body,
    });
    const payload = Buffer.from(await response.arrayBuffer());
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') res.setHeader(name, value);
    });
    res.setHeader('content-length', payload.length);
    res.writeHead(response.status);
    res.end(payload);
  };
}
