import type { Principal } from '../auth/principal.ts';
import { principalHasScope } from '../auth/principal.ts';
import type { McpPrompt, PromptArguments } from './prompt.ts';
import { auditMcpInventoryPrompt } from './prompts/audit-mcp-inventory.ts';
import { checkDeploymentPrompt } from './prompts/check-deployment.ts';
import { investigateErrorsPrompt } from './prompts/investigate-errors.ts';
import { reviewDataProtectionPrompt } from './prompts/review-data-protection.ts';

/** A prompt of any argument shape, with the handlers bivariant so each keeps its own argument type. */
export interface AnyPrompt extends Omit<McpPrompt, 'text' | 'complete' | 'arguments'> {
  arguments: PromptArguments;
  complete?: Record<string, ((context: Parameters<McpPrompt['text']>[1]) => Promise<string[]>) | undefined>;
  text(args: Record<string, string | undefined>, context: Parameters<McpPrompt['text']>[1]): Promise<string>;
}

/** The seed's workflows, in the order a user meets them. */
export const ALL_PROMPTS: AnyPrompt[] = [
  investigateErrorsPrompt,
  checkDeploymentPrompt,
  reviewDataProtectionPrompt,
  auditMcpInventoryPrompt,
];

/** The prompts a principal can follow: every tool a prompt names needs a scope the token holds. */
export function promptsFor(principal: Principal): AnyPrompt[] {
  return ALL_PROMPTS.filter((prompt) => prompt.scopes.every((scope) => principalHasScope(principal, scope)));
}
