import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { sanitizeJson, sanitizeText, type JsonValue } from '../../domain/sanitizer/sanitize.ts';

/** How a `@sanitized` field's value is read: free text (and paths), or JSON whose key names matter. */
export type SanitizeAs = 'TEXT' | 'JSON';

function sanitizedKind(extensions: unknown): SanitizeAs | null {
  const directives = (extensions as { directives?: unknown } | null | undefined)?.directives;
  const list = Array.isArray(directives)
    ? (directives as { name: string; args?: { as?: SanitizeAs } }[])
    : directives && typeof directives === 'object'
      ? Object.entries(directives).map(([name, args]) => ({ name, args: args as { as?: SanitizeAs } }))
      : [];
  const found = list.find((directive) => directive.name === 'sanitized');
  return found ? (found.args?.as ?? 'TEXT') : null;
}

function sanitizeResult(value: unknown, kind: SanitizeAs): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value) && kind === 'TEXT') return value.map((item) => sanitizeResult(item, kind));
  if (typeof value === 'string' && kind === 'TEXT') return sanitizeText(value).value;
  return sanitizeJson(value as JsonValue).value;
}

/**
 * Enforces `@sanitized(as: ...)` where the directive is declared: every resolver of such a field returns
 * through the sanitizer, so no surface (GraphQL, MCP, REST) can read the raw value.
 */
export class SanitizePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const kind = sanitizedKind(fieldConfig.extensions);
    if (kind === null) return resolver;
    return async (parent, args, context, info) => sanitizeResult(await resolver(parent, args, context, info), kind);
  }
}

SchemaBuilder.registerPlugin('sanitize', SanitizePlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      sanitize: SanitizePlugin<Types>;
    }
  }
}
