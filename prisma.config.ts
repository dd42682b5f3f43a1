import { defineConfig } from 'prisma/config';

// The CLI is used for `prisma generate` only; migrations are applied by the app itself (src/db/migrate.ts),
// because the native schema engine cannot be downloaded on these machines.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
