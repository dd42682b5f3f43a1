import { z } from 'zod';
import { resolveAccount } from '../../domain/accounts/resolve-account.ts';
import { CLIENT_ID, CLIENT_ID_RULE } from '../../domain/inventory/client-id.ts';
import { importSnapshot } from '../../domain/inventory/import-snapshot.ts';
import type { ScannedServer } from '../../domain/inventory/scanned-snapshot.ts';
import { builder, requireScopes } from '../builder.ts';

const TransportEnum = builder.enumType('SnapshotTransport', { values: ['stdio', 'http', 'sse', 'websocket'] as const });
const ScopeEnum = builder.enumType('ConfigFileScope', { values: ['global', 'project'] as const });
const StatusEnum = builder.enumType('ConfigFileStatus', {
  description:
    'ok: parsed (entries that failed are named in error); not_found; parse_error; unknown_shape: parsed, but no server section.',
  values: ['ok', 'not_found', 'parse_error', 'unknown_shape'] as const,
});

const stringMap = z
  .record(z.string().max(1000), z.string().max(65_536))
  .refine((map) => Object.keys(map).length <= 200, 'at most 200 entries');

const ImportLogInput = builder.inputType('ImportSnapshotLogFileInput', {
  fields: (t) => ({
    path: t.string({ required: true, validate: z.string().max(4096) }),
    sizeBytes: t.int({ required: false }),
    modifiedAt: t.field({ type: 'DateTime', required: false }),
    redactedCount: t.int({
      required: false,
      description:
        'Redactions the scanner made in path, as its sanitizer counted them (a path is at most 4096 characters).',
      validate: z.number().int().min(0).max(4096),
    }),
  }),
});

const ImportServerInput = builder.inputType('ImportSnapshotServerInput', {
  description: 'One server entry as the scanner parsed and redacted it.',
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().min(1).max(500) }),
    transport: t.field({ type: TransportEnum, required: true }),
    command: t.string({ required: false, validate: z.string().max(65_536) }),
    args: t.stringList({ required: false, validate: z.array(z.string().max(65_536)).max(500) }),
    env: t.field({ type: 'JSON', required: false, description: 'Names to values.', validate: stringMap }),
    workingDirectory: t.string({ required: false, validate: z.string().max(4096) }),
    url: t.string({ required: false, validate: z.string().max(65_536) }),
    headers: t.field({ type: 'JSON', required: false, description: 'Names to values.', validate: stringMap }),
    disabled: t.boolean({ required: false, defaultValue: false }),
    logFiles: t.field({ type: [ImportLogInput], required: false, validate: z.array(z.unknown()).max(100) }),
    secretFingerprints: t.field({
      type: 'JSON',
      required: false,
      description:
        'Keyed fingerprints of the values the scanner redacted (`env.NAME`, `headers.NAME` to 16 hex digits).',
      validate: stringMap,
    }),
    redactedCount: t.int({
      required: false,
      description: 'Redactions the scanner made in its values, as its sanitizer counted them.',
      validate: z.number().int().min(0).max(1_000_000),
    }),
  }),
});

const ImportFileInput = builder.inputType('ImportSnapshotFileInput', {
  description:
    'One config file the scanner looked at: where, what became of it, and the server entries it holds. Never its text.',
  fields: (t) => ({
    client: t.string({ required: true, validate: z.string().regex(CLIENT_ID, CLIENT_ID_RULE) }),
    fileName: t.string({ required: true, validate: z.string().min(1).max(255) }),
    filePath: t.string({ required: true, validate: z.string().min(1).max(4096) }),
    scope: t.field({ type: ScopeEnum, required: false, defaultValue: 'global' }),
    status: t.field({ type: StatusEnum, required: false, defaultValue: 'ok' }),
    error: t.string({ required: false, validate: z.string().max(1000) }),
    servers: t.field({ type: [ImportServerInput], required: false, validate: z.array(z.unknown()).max(1000) }),
  }),
});

const ImportSnapshotInput = builder.inputType('ImportSnapshotInput', {
  description:
    "What one machine's scanner found, parsed and redacted there. The server redacts again and stores it; raw secrets are never stored.",
  fields: (t) => ({
    account: t.string({ required: false, description: 'Account name; may be omitted when there is one account.' }),
    label: t.string({ required: false, validate: z.string().max(200) }),
    machine: t.string({
      required: false,
      description:
        "Which machine took it (the scanner's keyed machine id): status, history and drift are kept per machine. Defaults to the hostname.",
      validate: z.string().regex(/^[\w.:-]{1,255}$/, 'machine must be 1 to 255 letters, digits, _ . : or -'),
    }),
    hostname: t.string({ required: false, validate: z.string().max(255) }),
    platform: t.string({ required: false, validate: z.string().max(50) }),
    takenAt: t.field({ type: 'DateTime', required: false }),
    files: t.field({ type: [ImportFileInput], required: true, validate: z.array(z.unknown()).max(2000) }),
  }),
});

const ImportedFile = builder
  .objectRef<{ client: string; fileName: string; status: string; error: string | null; serverCount: number }>(
    'ImportedSnapshotFile',
  )
  .implement({
    fields: (t) => ({
      client: t.exposeString('client'),
      fileName: t.exposeString('fileName'),
      status: t.exposeString('status'),
      error: t.exposeString('error', { nullable: true, directives: { sanitized: { as: 'TEXT' } } }),
      serverCount: t.exposeInt('serverCount'),
    }),
  });
const ImportResult = builder.objectRef<Awaited<ReturnType<typeof importSnapshot>>>('ImportSnapshotResult').implement({
  fields: (t) => ({
    snapshotId: t.exposeInt('snapshotId'),
    serverCount: t.exposeInt('serverCount'),
    files: t.field({ type: [ImportedFile], resolve: (r) => r.files }),
  }),
});

type ServerInput = typeof ImportServerInput.$inferInput;

const asStringMap = (value: unknown): Record<string, string> => (value ?? {}) as Record<string, string>;

function scannedServer(input: ServerInput): ScannedServer {
  return {
    name: input.name,
    transport: input.transport,
    command: input.command ?? null,
    args: input.args ?? [],
    env: asStringMap(input.env),
    workingDirectory: input.workingDirectory ?? null,
    url: input.url ?? null,
    headers: asStringMap(input.headers),
    disabled: input.disabled ?? false,
    logFiles: (input.logFiles ?? []).map((log) => ({
      path: log.path,
      sizeBytes: log.sizeBytes ?? null,
      modifiedAt: log.modifiedAt ?? null,
      redactedCount: log.redactedCount ?? 0,
    })),
    secretFingerprints: asStringMap(input.secretFingerprints),
    redactedCount: input.redactedCount ?? 0,
  };
}

builder.mutationField('importSnapshot', (t) =>
  t.field({
    // inventory:write lets a fleet's machines report snapshots with a token that can do nothing else.
    ...requireScopes('inventory:write'),
    type: ImportResult,
    args: { input: t.arg({ type: ImportSnapshotInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const accountId = await resolveAccount(ctx.db, ctx.access, input.account);
      return importSnapshot(ctx.db, accountId, {
        label: input.label ?? null,
        machine: input.machine ?? null,
        hostname: input.hostname ?? null,
        platform: input.platform ?? null,
        takenAt: input.takenAt ?? new Date(),
        files: input.files.map((file) => ({
          client: file.client,
          fileName: file.fileName,
          filePath: file.filePath,
          scope: file.scope ?? 'global',
          status: file.status ?? 'ok',
          error: file.error ?? null,
          servers: (file.servers ?? []).map(scannedServer),
        })),
      });
    },
  }),
);
