import {
  CliCreateBucketDocument,
  CliDeleteBucketDocument,
  CliListBucketsDocument,
  CliUpdateBucketDocument,
} from '../../generated/graphql.ts';
import { requestGraphQL } from '../graphql-client.ts';
import { runWorkspaceCommand, WORKSPACE_FLAGS, workspaceHelp, type WorkspaceOperations } from './workspace-command.ts';

export const bucketHelp = workspaceHelp(
  'bucket',
  'payments-api, one per API or service',
  '\n  Buckets are shared by all environments. With --cascade, rules and tokens limited to this bucket alone\n  are deleted and revoked rather than left with no bucket.',
);

const operations: WorkspaceOperations = {
  noun: 'bucket',
  list: async (connection) => (await requestGraphQL(connection, CliListBucketsDocument, {})).buckets,
  create: async (connection, name, description) =>
    (await requestGraphQL(connection, CliCreateBucketDocument, { input: { name, description } }, WORKSPACE_FLAGS))
      .createBucket,
  update: async (connection, bucket, changes) =>
    (await requestGraphQL(connection, CliUpdateBucketDocument, { input: { bucket, ...changes } }, WORKSPACE_FLAGS))
      .updateBucket,
  remove: async (connection, bucket, cascade) =>
    (await requestGraphQL(connection, CliDeleteBucketDocument, { bucket, cascade }, WORKSPACE_FLAGS)).deleteBucket,
};

export const bucket = (argv: string[]) => runWorkspaceCommand(operations, bucketHelp, argv);
