import type { FieldNames } from './errors.ts';

/**
 * How a snake_case surface (MCP tools, the REST export) names a field its GraphQL operation was given:
 * the last segment of the path in snake_case (`range.since` is `since`, `filter.userAgent` is
 * `user_agent`), unless `renamed` lists the path or the field (`statusClasses` is `status_class`).
 */
export function snakeCaseArgumentNames(renamed: Readonly<Record<string, string>>): FieldNames {
  return (path) => {
    const field = path.slice(path.lastIndexOf('.') + 1);
    return renamed[path] ?? renamed[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  };
}
