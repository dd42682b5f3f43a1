import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

/**
 * The server side of the 2024-11-05 HTTP+SSE transport: one event stream per session, announcing where
 * to POST (`event: endpoint`) and carrying every server message (`event: message`). The POSTs are
 * handled by the route, which hands each message to `handleMessage` on the instance holding the stream.
 *
 * SDK v2 keeps this transport only in `@modelcontextprotocol/server-legacy`, a frozen, deprecated copy
 * that brings an Express peer, an OAuth router and its own older copy of the core package. Of it this
 * server needs the stream writing alone, so it is written here against v2's Transport interface.
 */
export class LegacySseTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private open = false;

  constructor(
    private readonly messagePath: string,
    private readonly res: ServerResponse,
  ) {}

  async start(): Promise<void> {
    if (this.open) throw new Error('The SSE stream is already open');
    this.open = true;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    this.res.write(`event: endpoint\ndata: ${this.messagePath}?sessionId=${this.sessionId}\n\n`);
    this.res.on('close', () => {
      this.open = false;
      this.onclose?.();
    });
  }

  /** A message POSTed for this session (already validated as JSON-RPC by the route). */
  handleMessage(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    // The route's re-check and the shutdown drain end the response without a close event first; a result
    // written after that would be an unhandled 'error' on the response.
    if (!this.open || this.res.writableEnded) throw new Error('The SSE stream is closed');
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    this.res.end();
  }
}
