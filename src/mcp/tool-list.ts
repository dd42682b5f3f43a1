import type { Tool } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpTool } from './tool.ts';

type JsonSchema = Record<string, unknown>;

/**
 * A tool as tools/list shows it, built once per tool: the list is what every session pays for in the
 * model's context, so it carries what a model or client uses and nothing else.
 *
 * - No `$schema` (the revision fixes the dialect) and no `execution` (absent means what the SDK sent:
 *   task support forbidden).
 * - Input schemas without string `maxLength`: those are guards against abuse, far above any real value,
 *   and the server's own validation still refuses a longer string with a clear error. Number bounds stay,
 *   but for the safe-integer range zod puts on every integer.
 * - Output schemas keep every field, its type and nullability, but not `required` and
 *   `additionalProperties`: every listed field is always present, and a client validating a result needs
 *   neither to accept it. A part one schema repeats (compare_periods' comparison, overall and per endpoint)
 *   is listed once under `definitions` and referenced: see `listedOnce`.
 * - The title once, at the top level, not again in the annotations.
 */
export function listedTool(tool: McpTool): Tool {
  let listed = LISTED.get(tool);
  if (!listed) {
    listed = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: inputShape(z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' })) as Tool['inputSchema'],
      outputSchema: outputShape(
        z.toJSONSchema(tool.output, { target: 'draft-7', io: 'output' }),
      ) as Tool['outputSchema'],
      annotations: tool.annotations,
    };
    LISTED.set(tool, listed);
  }
  return listed;
}

const LISTED = new WeakMap<McpTool, Tool>();

/**
 * Marks an output part its tool's schema repeats: tools/list shows it once, under `definitions.<name>`, and
 * `$ref`s it wherever it recurs (an id in zod's registry: conversion refuses two different parts of one schema
 * under one name). Only for repeated parts: a part listed once would cost a reference more than it saves.
 */
export function listedOnce<Schema extends z.ZodType>(name: string, schema: Schema): Schema {
  return schema.meta({ id: name });
}

/** An input schema without the dialect, the string length guards and the safe-integer bounds, at any depth. */
function inputShape(schema: JsonSchema): JsonSchema {
  const shaped = reshape(schema, new Set(['$schema', 'maxLength']), inputShape);
  // zod's int() bounds every integer by the safe range, a limit no caller meets: 27 characters of noise each.
  if (shaped.maximum === Number.MAX_SAFE_INTEGER) delete shaped.maximum;
  if (shaped.minimum === Number.MIN_SAFE_INTEGER) delete shaped.minimum;
  return shaped;
}

/** An output schema reduced to the shape: properties, types, items, enums and descriptions. */
function outputShape(schema: JsonSchema): JsonSchema {
  return reshape(schema, new Set(['$schema', 'required', 'additionalProperties', 'propertyNames']), outputShape);
}

/** `schema` without the `dropped` keywords; `again` shapes each subschema (properties, definitions, items, unions). */
function reshape(
  schema: JsonSchema,
  dropped: ReadonlySet<string>,
  again: (schema: JsonSchema) => JsonSchema,
): JsonSchema {
  const shaped: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (dropped.has(key)) continue;
    if (key === 'properties' || key === 'definitions') {
      shaped[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, property]) => [name, again(property)]),
      );
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf') {
      shaped[key] = Array.isArray(value) ? value.map((item: JsonSchema) => again(item)) : again(value as JsonSchema);
    } else {
      shaped[key] = value;
    }
  }
  return shaped;
}
