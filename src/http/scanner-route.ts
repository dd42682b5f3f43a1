import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sendJson } from './json-response.ts';

export const SCANNER_PATH = '/api/v1/scanner.mjs';
const ENTRY = fileURLToPath(new URL('../cli/scanner-script.ts', import.meta.url));

/**
 * The self-contained scanner, bundled from the CLI's own scan, redaction and send code (every dependency inlined,
 * so `node` alone runs it). Built on its first request (about a second on a busy machine) and then served from
 * memory: most servers are never asked for it, so a start does not pay for it.
 */
let bundle: Promise<string> | undefined;
export function scannerBundle(): Promise<string> {
  bundle ??= buildScanner();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

async function buildScanner(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'node',
    target: 'node18',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const builtins = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((output) =>
        output.imports.filter((i) => i.external).map((i) => i.path),
      ),
    ),
  ].sort();
  // `curl ... | node -` runs it as CommonJS, `node scanner.mjs` as an ES module: neither import statements nor
  // `require` work in both, dynamic import() does. The builtins are loaded first, then handed to the bundle.
  return [
    '// trafficgraph scanner: scans MCP client configs, redacts secrets on this machine, sends server entries only.',
    `(async()=>{const __builtins={};for(const name of ${JSON.stringify(builtins)})__builtins[name.replace(/^node:/,'')]=await import(name.startsWith('node:')?name:'node:'+name);`,
    "const require=(name)=>{const m=__builtins[name.replace(/^node:/,'')];if(!m)throw new Error('scanner: unexpected module '+name);return m.default??m};",
    result.outputFiles[0]!.text,
    '})();',
  ].join('\n');
}

/** GET /api/v1/scanner.mjs: public (it is code, holding no secret); sending a snapshot needs a token. */
export async function serveScanner(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { detail: 'Use GET' }, { allow: 'GET' });
  const text = await scannerBundle();
  res.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}
