import { pino, type Logger } from 'pino';
import { currentRequestScope } from './request-scope.ts';

export type { Logger };

/** JSON lines on stdout; the Authorization header and token-like fields never reach a log line. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'trafficgraph' },
    // Every line written while serving a request names it, whichever surface and layer wrote it.
    mixin: () => {
      const scope = currentRequestScope();
      return scope ? { requestId: scope.requestId } : {};
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'token',
        'secret',
        '*.secret',
        '*.token',
        'sessionId',
        '*.sessionId',
        'headers["mcp-session-id"]',
      ],
      censor: '[REDACTED]',
    },
  });
}
