import type { ServerResponse } from 'node:http';
import type { OtlpEncoding } from '../domain/otlp/decode-trace-request.ts';
import { ExportTraceServiceResponse, RpcStatus } from '../domain/otlp/otlp-messages.ts';

const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

// google.rpc.Code values for the statuses this surface answers with (OTLP/HTTP, "Failures").
const RPC_CODE_FOR_STATUS: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  405: 12,
  413: 8,
  415: 3,
  429: 8,
  500: 13,
  503: 14,
};

function send(
  res: ServerResponse,
  status: number,
  encoding: OtlpEncoding,
  body: Uint8Array | string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    'content-type': CONTENT_TYPE[encoding],
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

/**
 * The 200 answer, in the encoding of the request: empty when every span was taken, else `partial_success`
 * with the count refused and why (the OTLP spec leaves partial_success unset on full success).
 */
export function sendExportResponse(
  res: ServerResponse,
  encoding: OtlpEncoding,
  rejectedSpans: number,
  errorMessage: string,
): void {
  const partialSuccess = rejectedSpans > 0 || errorMessage !== '' ? { rejectedSpans, errorMessage } : undefined;
  if (encoding === 'json') {
    // int64 as a string, as OTLP/JSON writes it.
    const body = partialSuccess ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
    send(res, 200, 'json', JSON.stringify(body), {});
    return;
  }
  const message = ExportTraceServiceResponse.fromObject(partialSuccess ? { partialSuccess } : {});
  send(res, 200, 'protobuf', ExportTraceServiceResponse.encode(message).finish(), {});
}

/** A refusal: a google.rpc.Status in the request's encoding, which OTLP exporters log. */
export function sendOtlpError(
  res: ServerResponse,
  encoding: OtlpEncoding,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const code = RPC_CODE_FOR_STATUS[status] ?? 2;
  if (encoding === 'json') send(res, status, 'json', JSON.stringify({ code, message }), headers);
  else send(res, status, 'protobuf', RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish(), headers);
}
