import type { z } from 'zod';
import type { Scope } from '../auth/scopes.ts';
import type { ToolContext } from './tool.ts';

/** Prompt arguments are strings on the wire (MCP), so a prompt's input is an object of optional or required strings. */
export type PromptArguments = z.ZodObject<Record<string, z.ZodString | z.ZodOptional<z.ZodString>>>;

/**
 * A workflow a user starts by name: it tells the model which tools to call in which order. Its arguments
 * are completed from real values (`complete`), and the text it returns may be built from the data (a
 * deployment's start time) through the same GraphQL operations the tools use.
 */
export interface McpPrompt<Args extends PromptArguments = PromptArguments> {
  name: string;
  title: string;
  description: string;
  /** Every scope the tools it names need: a prompt is listed only when the token can follow it. */
  scopes: Scope[];
  arguments: Args;
  /** Candidate values per argument; the server keeps those starting with what the user typed. */
  complete?: { [Name in keyof z.infer<Args>]?: (context: ToolContext) => Promise<string[]> };
  /** The user message that starts the workflow. */
  text(args: z.infer<Args>, context: ToolContext): Promise<string>;
}

export function definePrompt<Args extends PromptArguments>(prompt: McpPrompt<Args>): McpPrompt<Args> {
  return prompt;
}

/** A prompt argument names nothing that exists (no such deployment): answered as invalid params, in these words. */
export class PromptArgumentError extends Error {}
