import {
  CliCreateEnvironmentDocument,
  CliDeleteEnvironmentDocument,
  CliListEnvironmentsDocument,
  CliUpdateEnvironmentDocument,
} from '../../generated/graphql.ts';
import { requestGraphQL } from '../graphql-client.ts';
import { runWorkspaceCommand, WORKSPACE_FLAGS, workspaceHelp, type WorkspaceOperations } from './workspace-command.ts';

export const environmentHelp = workspaceHelp('environment', 'production, staging', '\n  Only the server admin token may create or delete environments.');

const operations: WorkspaceOperations = {
  noun: 'environment',
  list: async (connection) => (await requestGraphQL(connection, CliListEnvironmentsDocument, {})).environments,
  create: async (connection, name, description) =>
    (await requestGraphQL(connection, CliCreateEnvironmentDocument, { input: { name, description } }, WORKSPACE_FLAGS)).createEnvironment,
  update: async (connection, environment, changes) =>
    (await requestGraphQL(connection, CliUpdateEnvironmentDocument, { input: { environment, ...changes } }, WORKSPACE_FLAGS)).updateEnvironment,
  remove: async (connection, environment, cascade) =>
    (await requestGraphQL(connection, CliDeleteEnvironmentDocument, { environment, cascade }, WORKSPACE_FLAGS)).deleteEnvironment,
};

export const environment = (argv: string[]) => runWorkspaceCommand(operations, environmentHelp, argv);
