import { z } from 'zod';
import { definePrompt } from '../prompt.ts';
import { bucketArgument, bucketNames, SINCE_CHOICES, sinceArgument } from './argument-values.ts';

export const investigateErrorsPrompt = definePrompt({
  name: 'investigate_errors',
  title: 'Investigate errors in a range',
  description: 'Find which endpoints fail, since when and why, over a recent range.',
  scopes: ['traffic:read'],
  arguments: z.object({ since: sinceArgument, bucket: bucketArgument }).strict(),
  complete: { since: async () => SINCE_CHOICES, bucket: bucketNames },
  async text({ since = '24h', bucket }) {
    const scope = `since: "${since}"${bucket ? `, bucket: "${bucket}"` : ''}`;
    return [
      `Investigate the API errors of the last ${since}${bucket ? ` in bucket ${bucket}` : ''}.`,
      `1. Call get_errors with ${scope} for the most frequent error groups (method, route, status) and the latest errors.`,
      '2. For each of the top groups, call get_request_detail on one example request and read its response body and headers.',
      `3. Call get_throughput with ${scope} and status_class "5xx" (and "4xx" if client errors dominate) to see when the errors started or peaked.`,
      `4. If list_events is available, call it with ${scope} to find deployments, incidents or config changes near that time.`,
      'Then summarize: which endpoints fail and how often, since when, the likely cause with the evidence for it, and what to check next.',
    ].join('\n');
  },
});
