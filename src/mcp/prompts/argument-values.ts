import { z } from 'zod';
import { McpListBucketsDocument, McpListEventsDocument } from '../../generated/graphql.ts';
import type { ToolContext } from '../tool.ts';

/** A relative range as the tools take it (`since`), checked here so a typo fails on prompts/get, not three tool calls later. */
export const sinceArgument = z
  .string()
  .regex(/^[1-9]\d{0,3}[mhd]$/, 'a duration such as 30m, 6h or 7d')
  .optional()
  .describe('How far back from now, e.g. 30m, 6h, 7d. Default 24h.');

export const bucketArgument = z
  .string()
  .max(200)
  .optional()
  .describe('One bucket (name); default all this token sees.');

/** Offered for `since`: the ranges people actually ask about. */
export const SINCE_CHOICES = ['1h', '6h', '24h', '7d', '30d'];

export async function bucketNames({ execute }: ToolContext): Promise<string[]> {
  const { buckets } = await execute(McpListBucketsDocument, {});
  return buckets.map((bucket) => bucket.name);
}

export interface DeploymentEvent {
  id: string;
  title: string;
  version: string | null;
  startedAt: string;
  bucket: string | null;
}

/** How far back a deployment can be named: long enough for "last week's release", short enough to list. */
export const DEPLOYMENT_LOOKBACK = '30d';

/** Deployment events of the last DEPLOYMENT_LOOKBACK, newest first. */
export async function recentDeployments({ execute }: ToolContext, bucket?: string): Promise<DeploymentEvent[]> {
  const { events } = await execute(McpListEventsDocument, {
    range: { since: DEPLOYMENT_LOOKBACK, from: null, to: null },
    types: ['deployment'],
    buckets: bucket ? [bucket] : null,
    limit: 100,
  });
  return events.events.map((e) => ({
    id: e.id,
    title: e.title,
    version: e.version,
    startedAt: e.startedAt,
    bucket: e.bucket?.name ?? null,
  }));
}

/** What a user types to name a deployment: its version when it has one (that is what people say), else its id. */
export const deploymentName = (event: DeploymentEvent) => event.version ?? event.id;
