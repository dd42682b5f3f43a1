import { z } from 'zod';
import { parseDuration } from '../../domain/time/duration.ts';
import { definePrompt, PromptArgumentError } from '../prompt.ts';
import {
  bucketArgument,
  bucketNames,
  DEPLOYMENT_LOOKBACK,
  deploymentName,
  recentDeployments,
} from './argument-values.ts';

const DEFAULT_WINDOW = '1h';

export const checkDeploymentPrompt = definePrompt({
  name: 'check_deployment',
  title: 'Check a deployment',
  description: 'Compare traffic, errors and latency before and after a recent deployment event.',
  scopes: ['traffic:read', 'events:read'],
  arguments: z
    .object({
      deployment: z
        .string()
        .min(1)
        .max(200)
        .describe(`A deployment event of the last ${DEPLOYMENT_LOOKBACK}: its version, or its id when it has none.`),
      window: z
        .string()
        .regex(/^[1-9]\d{0,2}[mhd]$/, 'a duration such as 30m, 1h or 1d')
        .optional()
        .describe(`How long before and after the deployment to compare, e.g. 30m, 2h. Default ${DEFAULT_WINDOW}.`),
      bucket: bucketArgument,
    })
    .strict(),
  complete: {
    deployment: async (context) => (await recentDeployments(context)).map(deploymentName),
    window: async () => ['30m', '1h', '2h', '6h', '1d'],
    bucket: bucketNames,
  },
  async text({ deployment, window = DEFAULT_WINDOW, bucket }, context) {
    const events = await recentDeployments(context, bucket);
    const event = events.find((e) => e.id === deployment) ?? events.find((e) => e.version === deployment);
    if (!event) {
      throw new PromptArgumentError(
        `No deployment event "${deployment}" in the last ${DEPLOYMENT_LOOKBACK}${bucket ? ` for bucket ${bucket}` : ''}: name one by its version or id (completion lists them), or create one with create_event.`,
      );
    }
    const started = new Date(event.startedAt);
    const windowMs = parseDuration(window)!;
    const before = { from: new Date(started.getTime() - windowMs).toISOString(), to: started.toISOString() };
    const afterEnd = new Date(Math.min(started.getTime() + windowMs, Date.now()));
    const after = { from: started.toISOString(), to: afterEnd.toISOString() };
    const where = bucket ?? event.bucket;
    const range = (r: { from: string; to: string }) =>
      `from: "${r.from}", to: "${r.to}"${where ? `, bucket: "${where}"` : ''}`;
    const cut =
      afterEnd.getTime() < started.getTime() + windowMs
        ? ` (cut at now: only ${Math.round((afterEnd.getTime() - started.getTime()) / 60_000)} minutes have passed)`
        : '';
    return [
      `Check deployment "${event.title}"${event.version ? ` (version ${event.version})` : ''}, started ${event.startedAt}${where ? ` in bucket ${where}` : ''}.`,
      `Before: ${before.from} to ${before.to}. After: ${after.from} to ${after.to}${cut}.`,
      'If a compare_periods tool is listed, use it for these two ranges first. Otherwise:',
      `1. Call get_metrics for the before range (${range(before)}) and for the after range (${range(after)}): requests, error rate, average latency.`,
      `2. Call get_response_times for both ranges: did p95 or p99 move?`,
      `3. Call get_endpoints with ${range(after)} and sort: "change": it compares each endpoint's p95 with the period of the same length just before, which is the before range.`,
      `4. Call get_errors with ${range(after)} for errors that are new or grew.`,
      'Then conclude: did the deployment make anything worse or better, on which endpoints, by how much (the figures), and whether to roll back or watch.',
    ].join('\n');
  },
});
