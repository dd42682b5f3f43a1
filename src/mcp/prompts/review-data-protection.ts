import { z } from 'zod';
import { definePrompt } from '../prompt.ts';

export const reviewDataProtectionPrompt = definePrompt({
  name: 'review_data_protection',
  title: 'Review data protection rules',
  description:
    'Check that redaction and exclusion rules cover the secrets and personal data the captured traffic carries.',
  scopes: ['config:read', 'traffic:read'],
  arguments: z.object({}).strict(),
  async text() {
    return [
      'Review the data protection rules of this environment.',
      '1. Call list_redactions: note what each rule masks (target, selector, mask style), rules that are disabled, and rules with a hit count of 0 (they may never match).',
      '2. Call list_exclusions: note which requests are not captured at all, and whether any exclusion looks too broad.',
      '3. Call search_requests with since: "24h" for a sample, then get_request_detail on a few requests to sign-in, payment, user or upload endpoints (method POST or PUT). Look for secrets and personal data that are stored unmasked: authorization headers, cookies, API keys and tokens, passwords, e-mail addresses, phone numbers, card numbers.',
      'Then report: what is protected, each gap with an example request id, and the rules to add (target, selector, mask style) or to fix.',
    ].join('\n');
  },
});
