/**
 * The one line that scans a machine with no clone of the repo: the server serves the scanner, plain `node` runs it.
 * `origin` is this server as the browser reaches it, so the line works from wherever the console was opened.
 */
export function scannerCommand(origin: string, token: string): string {
  const base = origin.replace(/\/+$/, '');
  return `curl -fsS ${base}/api/v1/scanner.mjs | node - --server ${base} --token ${token}`;
}
