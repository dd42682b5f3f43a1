import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; the Authorization header and token-like fields never reach a log line. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'trafficgraph' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', 'secret', '*.secret', '*.token'],
      censor: '[REDACTED]',
    },
  });
}
