import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { LimitExceededError, UserInputError } from '../errors.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';

/**
 * The body of an ingest request (REST records or an OTLP export), gunzipped when its Content-Encoding says gzip.
 * The limit holds for the bytes on the wire and for what they inflate to, so a small gzip bomb is refused too.
 * Throws LimitExceededError past the limit and UserInputError for a body that cannot be read or inflated; each
 * surface answers those in its own protocol's terms.
 */
export async function readEncodedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    const raw = await readBody(req, limit);
    const gzipped = String(req.headers['content-encoding'] ?? '')
      .toLowerCase()
      .includes('gzip');
    return gzipped ? gunzipSync(raw, { maxOutputLength: limit }) : raw;
  } catch (error) {
    // gunzipSync reports an output past maxOutputLength as ERR_BUFFER_TOO_LARGE (a RangeError on some versions).
    if (
      error instanceof BodyTooLargeError ||
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      error instanceof RangeError
    ) {
      throw new LimitExceededError(`The request body is larger than ${limit} bytes (INGEST_MAX_REQUEST_BYTES)`);
    }
    throw new UserInputError('The body could not be read; a gzip-encoded body must be valid gzip');
  }
}
