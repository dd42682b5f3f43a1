import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './json-response.ts';

export const GRAPHIQL_ASSETS_PREFIX = '/graphiql-assets';

// Served from the installed package so the explorer works on machines without internet access
// (yoga's default page loads these files from a CDN).
const DIST = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')),
  'dist',
);
// A Map, not an object literal: a caller's name must never match an inherited property (`constructor`).
const FILES: ReadonlyMap<string, string> = new Map([
  ['graphiql.css', 'text/css; charset=utf-8'],
  ['yoga-graphiql.umd.js', 'text/javascript; charset=utf-8'],
  ['monacoeditorwork/editor.worker.bundle.js', 'text/javascript; charset=utf-8'],
  ['monacoeditorwork/json.worker.bundle.js', 'text/javascript; charset=utf-8'],
  ['monacoeditorwork/graphql.worker..bundle.js', 'text/javascript; charset=utf-8'],
]);

/** The asset names this route serves (the route-walking test requests each). */
export const GRAPHIQL_ASSET_NAMES: readonly string[] = [...FILES.keys()];

export function serveGraphiQLAsset(req: IncomingMessage, res: ServerResponse): void {
  const name = (req.url ?? '').split('?')[0]!.slice(GRAPHIQL_ASSETS_PREFIX.length + 1);
  const type = FILES.get(name);
  if (!type) {
    sendJson(res, 404, { detail: 'No such asset' });
    return;
  }
  // The status is written once the file is open, so a missing or unreadable file is a 404, never an
  // unhandled 'error' event (which ends the process).
  const file = createReadStream(path.join(DIST, name));
  file.once('open', () => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    file.pipe(res);
  });
  file.once('error', () => {
    if (res.headersSent) res.destroy();
    else sendJson(res, 404, { detail: 'No such asset' });
  });
  res.once('close', () => file.destroy());
}

/** The GraphiQL page, pointing at the assets above instead of a CDN. */
export function renderGraphiQLPage(options: { title?: string; defaultQuery?: string }): string {
  const asset = (name: string) => `${GRAPHIQL_ASSETS_PREFIX}/${name}`;
  const workers = JSON.stringify({
    editorWorkerService: asset('monacoeditorwork/editor.worker.bundle.js'),
    json: asset('monacoeditorwork/json.worker.bundle.js'),
    graphql: asset('monacoeditorwork/graphql.worker..bundle.js'),
  });
  // GraphiQL 4 reads the starting query from `initialQuery` (`defaultQuery` is deprecated there).
  const config = JSON.stringify({ title: options.title ?? 'trafficgraph', initialQuery: options.defaultQuery }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>trafficgraph GraphiQL</title>
<link rel="stylesheet" href="${asset('graphiql.css')}"></head>
<body id="body" class="no-focus-outline"><div id="root">Loading GraphiQL…</div>
<script>const workers={};const workerUrls=${workers};
function prepareWorkers(){return Promise.all(Object.entries(workerUrls).map(async([k,u])=>{const r=await fetch(u);workers[k]=URL.createObjectURL(new Blob([await r.text()],{type:"application/javascript"}))}))}
self.MonacoEnvironment={globalAPI:false,getWorkerUrl:function(_m,label){return workers[label]}};</script>
<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script>prepareWorkers().finally(()=>{YogaGraphiQL.renderYogaGraphiQL(root,${config})})</script>
</body></html>`;
}
