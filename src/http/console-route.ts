import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sendJson } from './json-response.ts';

export const CONSOLE_PATH = '/console';
const SOURCE = fileURLToPath(new URL('../console/main.ts', import.meta.url));
const STYLES = fileURLToPath(new URL('../console/console.css', import.meta.url));

// Only files of this origin, no inline script: the console holds tokens.
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trafficgraph console</title>
<link rel="stylesheet" href="${CONSOLE_PATH}/console.css">
<script type="module" src="${CONSOLE_PATH}/console.js"></script>
</head>
<body><div id="app"><noscript>The trafficgraph console needs JavaScript.</noscript></div></body>
</html>`;

/**
 * The console bundle, built from TypeScript (with the typed documents from codegen) on its first request
 * (about 70 ms), not at start: most starts (tests, CLI-driven servers) never serve it.
 */
let bundle: Promise<string> | undefined;
function consoleBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [SOURCE],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    target: 'es2022',
    platform: 'browser',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

let styles: Promise<string> | undefined;
function consoleStyles(): Promise<string> {
  styles ??= readFile(STYLES, 'utf8');
  styles.catch(() => (styles = undefined));
  return styles;
}

export async function serveConsole(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { detail: 'Use GET' }, { allow: 'GET' });
  res.setHeader('content-security-policy', CONSOLE_CSP);
  if (path === CONSOLE_PATH || path === `${CONSOLE_PATH}/`) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return;
  }
  if (path === `${CONSOLE_PATH}/console.js`) {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(await consoleBundle());
    return;
  }
  if (path === `${CONSOLE_PATH}/console.css`) {
    res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(await consoleStyles());
    return;
  }
  sendJson(res, 404, { detail: `No console file ${path}` });
}
