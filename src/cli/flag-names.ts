/**
 * How a command names the fields its GraphQL operation was given, as MCP tools do with `argumentNames`: an
 * explicit table from the GraphQL argument path (`range.since`, `filter.statusClasses`) or a field of the
 * operation's `input` (`allBuckets`) to the flag the user typed (`--since`, `--status-class`, `--all-buckets`).
 */
export type FlagNames = Readonly<Record<string, string>>;

// A field path as the server's input errors write it, and the `: true` a boolean field is written with.
const FIELD_PATH = /(?<![\w.-])[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*(?:: true)?/g;

/** The flag for a path the server named (`input.` is the operation's own wrapper), or null for other words. */
function flagFor(path: string, flags: FlagNames): string | null {
  const field = path.replace(/: true$/, '');
  return flags[field] ?? flags[field.replace(/^input\./, '')] ?? null;
}

/**
 * A server input error reworded in the user's flags. Only input errors are touched: a "not found" message
 * quotes names the user gave, which must stay as they are.
 */
export function inCliTerms(message: string, code: string | undefined, flags: FlagNames): string {
  if (code !== 'BAD_USER_INPUT') return message;
  return message.replace(FIELD_PATH, (path) => flagFor(path, flags) ?? path).replace(/^input\./, '');
}
