import type { ServerConnection } from './graphql-client.ts';

export const connectionOptions = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const;

export const connectionHelp = `  --server URL   the trafficgraph server (default http://127.0.0.1:8000, or TRAFFICGRAPH_SERVER)
  --token T      an admin token (default ADMIN_TOKEN)`;

export function connectionFrom(values: { server?: string | undefined; token?: string | undefined }): ServerConnection {
  return {
    server: values.server ?? process.env.TRAFFICGRAPH_SERVER ?? 'http://127.0.0.1:8000',
    token: values.token ?? process.env.ADMIN_TOKEN,
  };
}
