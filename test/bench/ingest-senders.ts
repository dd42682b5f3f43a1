// A child process that POSTs prepared batches to /api/v1/ingest, `senders` at a time: capture agents are
// other processes, so the HTTP client's own work must not take the server's thread (PGlite has only one).
import { inFlight } from './in-flight.ts';

export interface SendersInput {
  url: string;
  token: string;
  batches: string[];
  senders: number;
}

export type SendersMessage = { sent: number } | { seconds: number } | { error: string };

async function send({ url, token, batches, senders }: SendersInput): Promise<void> {
  const { seconds } = await inFlight(batches, 1, senders, async ([body]) => {
    const response = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    await response.json();
    process.send!({ sent: 1 } satisfies SendersMessage);
  });
  process.send!({ seconds } satisfies SendersMessage);
}

process.once('message', (input: SendersInput) => {
  send(input).then(
    () => process.disconnect(),
    (error: Error) => {
      process.send!({ error: error.message } satisfies SendersMessage);
      process.disconnect();
    },
  );
});
