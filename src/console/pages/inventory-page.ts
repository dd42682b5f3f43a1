import {
  ConsoleInventoryDocument,
  ConsoleInventoryFleetDocument,
  ConsoleServerDetailDocument,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { h, table, time } from '../dom.ts';
import { driftSection, fleetSection } from './fleet-section.ts';
import type { PageContext } from './page-context.ts';
import { scannerSection } from './scanner-section.ts';

export async function inventoryPage(
  ctx: PageContext,
  pageNumber = 1,
  snapshotId: number | null = null,
): Promise<HTMLElement> {
  const [{ snapshotServerStats: stats, snapshotServers: servers }, { inventoryFleet, inventoryDrift }] =
    await Promise.all([
      request(ConsoleInventoryDocument, { page: pageNumber, snapshotId }),
      request(ConsoleInventoryFleetDocument),
    ]);
  const only = snapshotId === null ? '' : `&snapshot=${snapshotId}`;
  const link = (id: number, name: string) =>
    h(
      'a',
      { href: `#/inventory/${id}`, onclick: (e: Event) => (e.preventDefault(), ctx.navigate(`#/inventory/${id}`)) },
      name,
    );
  const pager = h(
    'nav',
    { 'aria-label': 'Inventory pages' },
    servers.hasPrevious ? h('a', { href: `#/inventory?page=${servers.page - 1}${only}` }, 'Previous') : '',
    ` Page ${servers.page} of ${Math.max(1, servers.totalPages)} `,
    servers.hasNext ? h('a', { href: `#/inventory?page=${servers.page + 1}${only}` }, 'Next') : '',
  );
  return h(
    'section',
    { 'aria-labelledby': 'inventory-title' },
    h('h2', { id: 'inventory-title' }, 'MCP server inventory'),
    h(
      'div',
      { class: 'tiles', role: 'group', 'aria-label': 'Inventory summary' },
      h(
        'div',
        { class: 'tile' },
        h('span', { class: 'tile-label' }, 'Servers'),
        h('strong', {}, String(stats.totalServers)),
      ),
      h(
        'div',
        { class: 'tile' },
        h('span', { class: 'tile-label' }, 'Configurations'),
        h('strong', {}, String(stats.totalConfigurations)),
      ),
    ),
    table(
      ['Snapshot', 'Label', 'Taken (UTC)', 'Servers'],
      stats.serversBySnapshot.map((s) => [
        h('a', { href: `#/inventory?snapshot=${s.snapshotId}` }, `Snapshot #${s.snapshotId}`),
        s.label,
        time(s.takenAt),
        String(s.count),
      ]),
      'Snapshots (choose one to list its servers)',
    ),
    snapshotId === null
      ? ''
      : h('p', {}, `Showing the servers of snapshot #${snapshotId}. `, h('a', { href: '#/inventory' }, 'Show all')),
    table(
      ['Server', 'Client', 'Transport', 'Status', 'First seen', 'Last seen', 'Snapshots'],
      servers.items.map((s) => [
        link(s.id, s.serverName),
        s.client,
        s.transport,
        h('span', { class: `status ${s.status}` }, s.status),
        time(s.firstSeen),
        time(s.lastSeen),
        String(s.snapshotCount),
      ]),
      `${servers.total} server configurations, newest first`,
    ),
    pager,
    fleetSection(inventoryFleet),
    driftSection(inventoryDrift),
    scannerSection(ctx),
  );
}

export async function serverPage(ctx: PageContext, id: number): Promise<HTMLElement> {
  const { snapshotServer: s } = await request(ConsoleServerDetailDocument, { id });
  const config = {
    command: s.command,
    args: s.args,
    env: s.env,
    url: s.url,
    headers: s.headers,
    cwd: s.workingDirectory,
  };
  return h(
    'section',
    { 'aria-labelledby': 'server-title' },
    h('h2', { id: 'server-title' }, s.serverName),
    h(
      'a',
      { href: '#/inventory', onclick: (e: Event) => (e.preventDefault(), ctx.navigate('#/inventory')) },
      'Back to inventory',
    ),
    h(
      'dl',
      { class: 'facts' },
      ...(
        [
          ['Client', s.client],
          ['Transport', s.transport],
          ['Kind', s.capabilities.commandType],
          ['Status', s.status],
          ['First seen', time(s.firstSeen)],
          ['Last seen', time(s.lastSeen)],
          ['File', s.filePath],
          ['Found in', s.configLocations.join(', ')],
        ] as const
      ).flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h('h3', {}, `Configuration${s.sanitized ? ' (secrets replaced by placeholders)' : ''}`),
    h('pre', {}, JSON.stringify(config, null, 2)),
  );
}
