/** `COPY "table" ("a", "b")`, the part of a COPY statement both clients share; names are quoted identifiers. */
export function copyStatement(table: string, columns: readonly string[]): string {
  const quote = (name: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
    return `"${name}"`;
  };
  return `COPY ${quote(table)} (${columns.map(quote).join(', ')})`;
}
