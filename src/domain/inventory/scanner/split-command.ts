interface Dialect {
  quotes: string;
  /** POSIX shells escape with a backslash; on Windows it separates path parts. */
  backslashEscapes: boolean;
}
const POSIX: Dialect = { quotes: `"'`, backslashEscapes: true };
const WINDOWS: Dialect = { quotes: '"', backslashEscapes: false };

function tokenize(line: string, dialect: Dialect): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    const escaped = dialect.backslashEscapes && ch === '\\' && i + 1 < line.length;
    if (quote) {
      if (ch === quote) quote = null;
      else if (escaped && quote === '"') current += line[++i];
      else current += ch;
    } else if (dialect.quotes.includes(ch)) {
      quote = ch;
      started = true;
    } else if (escaped) {
      current += line[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) parts.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) parts.push(current);
  return parts;
}

/** Splits `npx -y "@scope/pkg" --dir 'My Files'` the way a POSIX shell would (quotes and backslashes). */
export const splitCommandLine = (line: string): string[] => tokenize(line, POSIX);
const splitWindowsCommandLine = (line: string): string[] => tokenize(line, WINDOWS);

const WINDOWS_PATH = /^"?(?:[A-Za-z]:[\\/]|\\\\)/;
const WINDOWS_EXECUTABLE_END = /^(.*?\.(?:exe|cmd|bat|com|ps1))(?=\s|$)/i;

/**
 * A server whose `command` holds a whole command line and no `args`. A Windows path such as
 * `C:\Program Files\nodejs\node.exe` is one executable: spaces inside it are part of the name and its
 * backslashes are separators, so it is cut after the executable's extension, never split by shell rules.
 */
export function splitCommand(commandLine: string): { command: string; args: string[] } {
  const line = commandLine.trim();
  if (WINDOWS_PATH.test(line)) {
    if (line.startsWith('"')) {
      const [command = line, ...args] = splitWindowsCommandLine(line);
      return { command, args };
    }
    const executable = WINDOWS_EXECUTABLE_END.exec(line);
    if (!executable) return { command: line, args: [] };
    return { command: executable[1]!, args: splitWindowsCommandLine(line.slice(executable[1]!.length)) };
  }
  const [command = line, ...args] = splitCommandLine(line);
  return { command, args };
}
