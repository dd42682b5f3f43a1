// A child process that POSTs prepared batches to /api/v1/ingest, `senders` at a time: capture agents are
// other processes, so the HTTP client's own work must not take the server's thread (PGlite has only one).

export interface SendersInput {
  url: string;
  token: string;
  batches: string[];
  senders: number;
}

export type SendersMessage = { sent: number } | { seconds: number } | { error: string };

async function send({ url, token, batches, senders }: SendersInput): Promise<void> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < batches.length) {
        const body = batches[next++]!;
        const response = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
        await response.json();
        process.send!({ sent: 1 } satisfies SendersMessage);
      }
    }),
  );
  process.send!({ seconds: (performance.now() - started) / 1000 } satisfies SendersMessage);
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
