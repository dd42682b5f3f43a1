/**
 * Rows in PostgreSQL's COPY text format: fields separated by tabs, rows ended by a newline, NULL as `\N`.
 * Only backslash, tab, newline and carriage return need escaping. The caller hands over text PostgreSQL can
 * hold (no NUL, no unpaired surrogate): COPY refuses the whole batch otherwise.
 */
export type CopyValue = string | number | boolean | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`COPY text cannot carry the number ${value}`);
    return String(value);
  }
  // Most fields need no escaping; testing first avoids building a new string for them.
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPED[c]!) : value;
}

/** One row: its fields in column order. */
export function copyRow(fields: readonly CopyValue[]): string {
  let row = copyField(fields[0] ?? null);
  for (let i = 1; i < fields.length; i++) row += `\t${copyField(fields[i]!)}`;
  return `${row}\n`;
}
