// Quoted only when a shell would split or misread it, so the common case reads as typed:
// `npx -y @modelcontextprotocol/server-filesystem /data`.
const quote = (part: string) =>
  part !== '' && /^[\w@%+=:,./\\[\]-]+$/.test(part) ? part : `"${part.replace(/(["\\$`])/g, '\\$1')}"`;

/** A stdio server's command line (executable, then its arguments), as the seed's REST `command` shows it; null for a remote server. */
export function commandLine(command: string | null, args: readonly string[]): string | null {
  if (command === null || command.trim() === '') return null;
  return [command, ...args].map(quote).join(' ');
}
