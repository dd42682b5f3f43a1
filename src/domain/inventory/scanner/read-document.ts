import JSON5 from 'json5';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** How a config file is written, decided by its name. */
export type DocumentFormat = 'json' | 'toml' | 'yaml';

export function formatOf(fileName: string): DocumentFormat {
  if (/\.toml$/i.test(fileName)) return 'toml';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return 'json';
}

/**
 * Parses a config document. JSON is read as JSON5, a superset of JSON and of the JSONC that VS Code, Cursor, Zed
 * and Windsurf accept (comments, trailing commas), so a comma or slash inside a string is never touched.
 */
export function readDocument(text: string, format: DocumentFormat): unknown {
  switch (format) {
    case 'json':
      return JSON5.parse(text);
    case 'toml':
      return parseToml(text);
    case 'yaml':
      return parseYaml(text, { maxAliasCount: 100 });
  }
}
