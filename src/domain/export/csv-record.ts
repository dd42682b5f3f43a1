/** A CSV cell: text is subject to the quoting and formula rules; numbers, booleans and empty cells are not. */
export type CsvCell = string | number | boolean | null;

// Spreadsheets (Excel, LibreOffice, Google Sheets) evaluate a cell starting with one of these as a formula:
// `=HYPERLINK(...)` in a captured User-Agent would run when an analyst opens the export (OWASP "CSV
// injection"). A leading apostrophe makes them show the text instead and is not displayed.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One text cell. NUL becomes U+FFFD, as ingest stores it: PostgreSQL text cannot hold NUL, and common CSV
 * readers (Python's csv before 3.11, Excel) stop or truncate at one. Then the formula guard, then RFC 4180:
 * a cell holding a comma, a double quote, CR or LF is quoted, and its double quotes are doubled.
 */
export function csvText(value: string): string {
  let text = value.replaceAll('\u0000', '\uFFFD');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return csvText(cell);
  return String(cell);
}

/** One RFC 4180 record, ended by CRLF. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
