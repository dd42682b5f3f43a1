import { ConsoleViewerDocument, type ConsoleViewerQuery } from '../generated/graphql.ts';
import { ApiError, request, session } from './api.ts';
import { field, h, notice, select } from './dom.ts';
import { comparePage, comparison } from './pages/compare-page.ts';
import { consentPage } from './pages/consent-page.ts';
import { eventsPage } from './pages/events-page.ts';
import { inventoryPage, serverPage } from './pages/inventory-page.ts';
import type { PageContext } from './pages/page-context.ts';
import { requestPage } from './pages/request-page.ts';
import { rulesPage } from './pages/rules-page.ts';
import { settingsPage } from './pages/settings-page.ts';
import { tokensPage } from './pages/tokens-page.ts';
import { trafficView } from './pages/traffic-filters.ts';
import { trafficPage } from './pages/traffic-page.ts';

const NAV: [string, string][] = [
  ['#/traffic', 'Traffic'],
  ['#/events', 'Events'],
  ['#/rules', 'Rules'],
  ['#/inventory', 'Inventory'],
  ['#/tokens', 'Tokens'],
  ['#/settings', 'Settings'],
];
const root = document.getElementById('app')!;
/** Where the authorization server sends the browser to approve an assistant's access (the same page, another view). */
const CONSENT_PATH = '/oauth/consent/';

function signInForm(message?: string): HTMLElement {
  const token = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'panel sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in'),
    message ? notice(message, 'error') : null,
    field(
      'Admin or access token',
      token,
      'Kept in this tab only (session storage); sent as a bearer token to /graphql.',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    session.signIn(token.value.trim());
    void render();
  });
  return form;
}

async function pageFor(ctx: PageContext, hash: string): Promise<HTMLElement> {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = (path ?? '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'tokens':
      return tokensPage(ctx);
    case 'events':
      return eventsPage(ctx);
    case 'rules':
      return rulesPage(ctx);
    case 'settings':
      return settingsPage(ctx);
    case 'compare':
      return comparePage(ctx, comparison(params));
    case 'inventory':
      return parts[1]
        ? serverPage(ctx, Number(parts[1]))
        : inventoryPage(
            ctx,
            Number(params.get('page') ?? 1),
            params.has('snapshot') ? Number(params.get('snapshot')) : null,
          );
    case 'requests':
      return requestPage(ctx, decodeURIComponent(parts[1] ?? ''));
    default:
      return trafficPage(ctx, trafficView(params));
  }
}

let environment: string | null = null;
/** A message to show above the next page rendered (what a change just did), then forgotten. */
let flash: string | null = null;

async function render(): Promise<void> {
  if (!session.token()) {
    root.replaceChildren(h('main', { id: 'main' }, h('h1', {}, 'trafficgraph'), signInForm()));
    return;
  }
  if (location.pathname.startsWith(CONSENT_PATH)) {
    const main = h('main', { id: 'main' }, h('h1', {}, 'trafficgraph'));
    root.replaceChildren(main);
    main.append(await consentPage().catch((error: unknown) => notice((error as Error).message, 'error')));
    return;
  }
  let viewer: ConsoleViewerQuery;
  try {
    viewer = await request(ConsoleViewerDocument);
  } catch (error) {
    session.signOut();
    root.replaceChildren(
      h(
        'main',
        { id: 'main' },
        h('h1', {}, 'trafficgraph'),
        signInForm(error instanceof ApiError ? error.message : 'Cannot reach the server'),
      ),
    );
    return;
  }
  if (viewer.viewer.kind === 'anonymous') {
    session.signOut();
    root.replaceChildren(
      h('main', { id: 'main' }, h('h1', {}, 'trafficgraph'), signInForm('That token is not valid.')),
    );
    return;
  }
  // The chosen environment may have been renamed or deleted (Settings) since it was chosen.
  if (environment !== null && !viewer.environments.some((e) => e.name === environment)) environment = null;
  environment ??=
    viewer.viewer.environment?.name ??
    viewer.environments.find((e) => e.name === 'production')?.name ??
    viewer.environments[0]?.name ??
    null;
  const hash = location.hash || '#/traffic';
  const ctx: PageContext = {
    viewer: viewer.viewer,
    environments: viewer.environments,
    buckets: viewer.buckets,
    environment,
    navigate: (next) => {
      if (location.hash === next) void render();
      else location.hash = next;
    },
    refresh: (message) => {
      flash = message ?? null;
      void render();
    },
  };
  const envSelect = select(
    'environment',
    viewer.environments.map((e) => e.name),
    environment ?? undefined,
  );
  envSelect.addEventListener('change', () => {
    environment = envSelect.value;
    void render();
  });
  const signOut = h('button', { type: 'button' }, 'Sign out');
  signOut.addEventListener('click', () => {
    session.signOut();
    void render();
  });
  const current = `#/${hash.replace(/^#\//, '').split(/[/?]/)[0]}`;
  const header = h(
    'header',
    {},
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('h1', {}, 'trafficgraph'),
    h(
      'nav',
      { 'aria-label': 'Sections' },
      h(
        'ul',
        {},
        ...NAV.map(([href, label]) =>
          h('li', {}, h('a', { href, 'aria-current': href === current ? 'page' : null }, label)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'who' },
      viewer.viewer.environment ? h('span', {}, `Environment: ${environment}`) : field('Environment', envSelect),
      h('span', {}, `Signed in as ${viewer.viewer.name ?? viewer.viewer.kind}`),
      signOut,
    ),
  );
  const main = h('main', { id: 'main', tabindex: '-1' }, h('p', { role: 'status' }, 'Loading…'));
  root.replaceChildren(header, main);
  const shown = flash;
  flash = null;
  try {
    main.replaceChildren(...(shown ? [notice(shown)] : []), await pageFor(ctx, hash));
  } catch (error) {
    main.replaceChildren(notice((error as Error).message, 'error'));
  }
}

window.addEventListener('hashchange', () => void render());
void render();
