import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

// The baseline for the load test: yoga answering a trivial query, with nothing of ours in the way.
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  logging: false,
  graphiql: false,
});
const server = createServer(yoga.requestListener);
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
