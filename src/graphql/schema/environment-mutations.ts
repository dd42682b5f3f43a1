import { resolveAccount } from '../../domain/accounts/resolve-account.ts';
import { resolveEnvironment } from '../../domain/accounts/resolve-environment.ts';
import { createEnvironment, deleteEnvironment, updateEnvironment } from '../../domain/workspace/manage-environments.ts';
import { ForbiddenError } from '../../errors.ts';
import { builder, requireScopes } from '../builder.ts';
import type { GraphQLContext } from '../context.ts';
import { EnvironmentType } from './environments.ts';
import { WorkspaceDeletion } from './workspace-deletion.ts';

/** An access token is locked to one environment, so making or removing environments is the server admin's. */
function requireServerAdmin(ctx: GraphQLContext, action: string) {
  if (ctx.principal.kind !== 'admin') {
    throw new ForbiddenError(
      `Only the server admin token may ${action} environments; an access token manages its own environment only`,
    );
  }
}

const CreateEnvironmentInput = builder.inputType('CreateEnvironmentInput', {
  fields: (t) => ({
    account: t.string({ required: false, description: 'Account name; only needed when the server holds several.' }),
    name: t.string({ required: true, description: "1 to 64 lowercase letters, digits, '-', '_' or '.'; unique." }),
    description: t.string({ required: false }),
  }),
});

const UpdateEnvironmentInput = builder.inputType('UpdateEnvironmentInput', {
  fields: (t) => ({
    environment: t.string({ required: true, description: 'The environment to change: name or id.' }),
    name: t.string({ required: false, description: 'A new name (same rules as on create).' }),
    description: t.string({ required: false, description: 'A new description; an empty string clears it.' }),
  }),
});

builder.mutationFields((t) => ({
  createEnvironment: t.prismaField({
    ...requireScopes('admin'),
    type: EnvironmentType,
    description: 'Creates an environment (server admin token only).',
    args: { input: t.arg({ type: CreateEnvironmentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      requireServerAdmin(ctx, 'create');
      const accountId = await resolveAccount(ctx.db, ctx.access, input.account);
      const created = await createEnvironment(ctx.db, { accountId, name: input.name, description: input.description });
      return ctx.db.prisma.environment.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updateEnvironment: t.prismaField({
    ...requireScopes('admin'),
    type: EnvironmentType,
    description:
      'Renames an environment or changes its description; an admin-scope access token may change its own only.',
    args: { input: t.arg({ type: UpdateEnvironmentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const environment = await resolveEnvironment(ctx.db, ctx.access, input.environment);
      const updated = await updateEnvironment(ctx.db, environment, {
        name: input.name,
        description: input.description,
      });
      return ctx.db.prisma.environment.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
  deleteEnvironment: t.field({
    ...requireScopes('admin'),
    type: WorkspaceDeletion,
    description:
      'Deletes an environment (server admin token only). Refused while requests, tokens or events refer to it, unless cascade: true.',
    args: {
      environment: t.arg.string({ required: true, description: 'Name or id.' }),
      cascade: t.arg.boolean({
        required: false,
        defaultValue: false,
        description: 'Also delete its requests, tokens and events.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      requireServerAdmin(ctx, 'delete');
      const environment = await resolveEnvironment(ctx.db, ctx.access, args.environment);
      const removed = await deleteEnvironment(ctx.db, environment, args.cascade ?? false);
      return { id: environment.id, name: environment.name, removed };
    },
  }),
}));
