import { type messages, type PGlite, parse, protocol } from '@electric-sql/pglite';

/** A statement this PGlite holds under a name, with the parameter types PostgreSQL inferred at Parse. */
interface PreparedStatement {
  text: string;
  parameterTypes: readonly number[];
}

/**
 * PGlite's `query` sends an unnamed statement, so PostgreSQL parses, analyzes and plans it on every call, and
 * it crosses into WebAssembly six times (Parse, Describe, Bind, Describe, Execute, Sync). SQL-level EXECUTE
 * cannot help: PostgreSQL does not bind protocol parameters inside EXECUTE's arguments ("bind message supplies
 * 1 parameters, but prepared statement "" requires 0", measured on PGlite 0.3). So named statements go over
 * the wire protocol: Parse and Describe once per PGlite instance, then Bind, Execute and Sync in one message.
 * Protocol-level statements are not transactional: one parsed inside a transaction that rolls back stays.
 */
const preparedBy = new WeakMap<PGlite, Map<string, PreparedStatement>>();

function joined(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

async function prepare(pglite: PGlite, name: string, text: string): Promise<PreparedStatement> {
  const statements = preparedBy.get(pglite) ?? new Map<string, PreparedStatement>();
  preparedBy.set(pglite, statements);
  const known = statements.get(name);
  if (known) {
    if (known.text !== text) throw new Error(`prepared statement ${name} was prepared with another text`);
    return known;
  }
  const { messages: replies } = await pglite.execProtocol(
    joined([
      protocol.serialize.parse({ name, text }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    ]),
    { syncToFs: false },
  );
  const description = replies.find(
    (reply): reply is messages.ParameterDescriptionMessage => reply.name === 'parameterDescription',
  );
  const statement = { text, parameterTypes: description?.dataTypeIDs ?? [] };
  statements.set(name, statement);
  return statement;
}

/**
 * Runs `text` as the statement prepared under `name` on `pglite`, preparing it on first use. The caller holds
 * PGlite's transaction lock (it runs inside `transaction`); this takes the query lock, as `query` does.
 */
export function queryPrepared<Row extends Record<string, unknown>>(
  pglite: PGlite,
  name: string,
  text: string,
  params: readonly unknown[],
): Promise<Row[]> {
  return pglite.runExclusive(async () => {
    const { parameterTypes } = await prepare(pglite, name, text);
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[parameterTypes[index] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    const { messages: replies } = await pglite.execProtocol(
      joined([
        protocol.serialize.bind({ statement: name, values }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const [result] = parse.parseResults(replies, pglite.parsers);
    return (result?.rows ?? []) as Row[];
  });
}
