import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { z } from 'zod';
import type { Scope } from '../auth/scopes.ts';

/** What a tool handler may do: run a typed GraphQL operation as the caller. Nothing else. */
export interface ToolContext {
  execute<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result>;
}

export interface ToolResult<Output> {
  structured: Output;
  /** A compact rendering for the model: tables for lists, a few lines for numbers. */
  text: string;
}

/**
 * One MCP tool: a zod input schema (unknown keys refused), the scopes it needs, one GraphQL operation
 * in its handler, and an output schema its structured result matches.
 */
export interface McpTool<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** Fixed text: a clock here would make every tools/list differ and go stale; results say the time instead. */
  description: string;
  scopes: Scope[];
  annotations: ToolAnnotations;
  input: Input;
  output: Output;
  /** GraphQL argument paths this tool's arguments fill under other names than toolArgumentNames' rule. */
  argumentNames?: Readonly<Record<string, string>>;
  run(args: z.infer<Input>, context: ToolContext): Promise<ToolResult<z.infer<Output>>>;
}

export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  tool: McpTool<Input, Output>,
): McpTool<Input, Output> {
  return tool;
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
