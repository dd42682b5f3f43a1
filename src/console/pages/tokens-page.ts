import {
  type ConsoleCreateTokenMutation,
  ConsoleCreateTokenDocument,
  ConsoleRevokeTokenDocument,
  ConsoleTokensDocument,
  type Scope,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { SCOPE_CHOICES as SCOPES } from '../scope-choices.ts';
import { tokenSnippetSections } from '../token-snippets.ts';
import { copyWithFeedback as copy } from '../clipboard.ts';
import { field, h, notice, select, table, time } from '../dom.ts';
import type { PageContext } from './page-context.ts';

type CreatedTokenFields = ConsoleCreateTokenMutation['createAccessToken']['token'];

/** The secret, once, with a copy button and, by its scopes, a ready config for each MCP client or how to send with it. */
function createdPanel(secret: string, token: CreatedTokenFields): HTMLElement {
  const copyButton = h('button', { type: 'button', 'data-copy': 'token' }, 'Copy token');
  copyButton.addEventListener('click', () => void copy(secret, copyButton));
  const sections = tokenSnippetSections(location.origin, secret, {
    scopes: token.scopes.map((scope) => scope.toLowerCase().replace('_', ':')),
    environment: token.environment.name,
    bucket: token.allBuckets ? null : (token.buckets[0]?.name ?? null),
  }).flatMap((section) => [
    h('h4', {}, section.heading),
    ...section.snippets.map((snippet) => {
      const button = h('button', { type: 'button', 'data-copy': snippet.client }, `Copy ${snippet.client} config`);
      button.addEventListener('click', () => void copy(snippet.text, button));
      return h(
        'section',
        { class: 'snippet' },
        h('h5', {}, `${snippet.client} (${snippet.file})`),
        h('pre', {}, h('code', {}, snippet.text)),
        button,
      );
    }),
  ]);
  return h(
    'section',
    { class: 'created', 'aria-labelledby': 'created-title' },
    h('h3', { id: 'created-title' }, `Token "${token.name}" created`),
    notice('This is the only time the token is shown. Copy it now; only its hash is stored.'),
    h('p', {}, h('code', { class: 'secret', 'data-testid': 'new-token' }, secret), ' ', copyButton),
    ...sections,
  );
}

export async function tokensPage(ctx: PageContext): Promise<HTMLElement> {
  const page = h('section', { 'aria-labelledby': 'tokens-title' }, h('h2', { id: 'tokens-title' }, 'Access tokens'));
  if (ctx.viewer.kind !== 'admin' && !ctx.viewer.scopes.includes('ADMIN')) {
    page.append(notice('Managing tokens needs the admin token or a token with the admin scope.'));
    return page;
  }
  const output = h('div', { 'aria-live': 'polite' });
  const name = h('input', { name: 'name', required: true, maxlength: 100, autocomplete: 'off' });
  const environment = select(
    'environment',
    ctx.environments.map((e) => e.name),
  );
  const allBuckets = h('input', { type: 'checkbox', name: 'allBuckets', checked: true });
  const buckets = h(
    'select',
    { name: 'buckets', multiple: true, size: Math.min(6, Math.max(2, ctx.buckets.length)) },
    ...ctx.buckets.map((b) => h('option', { value: b.name }, b.name)),
  );
  const expiry = select(
    'expiresIn',
    [
      ['', 'Never'],
      ['7d', '7 days'],
      ['30d', '30 days'],
      ['90d', '90 days'],
      ['365d', '1 year'],
    ],
    '90d',
  );
  const scopeBoxes = SCOPES.map(([scope, label, checked]) => {
    const box = h('input', { type: 'checkbox', name: 'scopes', value: scope, checked });
    return field(label, box);
  });
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'create-token-title' },
    h('h3', { id: 'create-token-title' }, 'Create a token'),
    field('Name', name, 'e.g. claude-desktop-alex'),
    field('Environment', environment),
    field('All buckets', allBuckets),
    field('Buckets (when not all)', buckets),
    h('fieldset', {}, h('legend', {}, 'Scopes'), ...scopeBoxes),
    field('Expires', expiry),
    h('button', { type: 'submit' }, 'Create token'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const scopes = [...form.querySelectorAll<HTMLInputElement>('input[name=scopes]:checked')].map(
      (box) => box.value as Scope,
    );
    const chosen = [...buckets.selectedOptions].map((o) => o.value);
    try {
      const { createAccessToken } = await request(ConsoleCreateTokenDocument, {
        input: {
          name: name.value.trim(),
          environment: environment.value,
          allBuckets: allBuckets.checked,
          buckets: allBuckets.checked ? null : chosen,
          scopes,
          expiresIn: expiry.value || null,
        },
      });
      output.replaceChildren(createdPanel(createAccessToken.secret, createAccessToken.token));
      form.reset();
      await renderList();
      output.querySelector<HTMLElement>('h3')?.setAttribute('tabindex', '-1');
      output.querySelector<HTMLElement>('h3')?.focus();
    } catch (error) {
      output.replaceChildren(notice((error as Error).message, 'error'));
    }
  });

  const list = h('div');
  async function renderList() {
    const { accessTokens } = await request(ConsoleTokensDocument);
    list.replaceChildren(
      table(
        ['Name', 'Prefix', 'Environment', 'Buckets', 'Scopes', 'Status', 'Last used', 'Expires', ''],
        accessTokens.map((token) => {
          const revoke = h(
            'button',
            { type: 'button', class: 'danger', 'aria-label': `Revoke ${token.name}` },
            'Revoke',
          );
          revoke.addEventListener('click', async () => {
            if (!confirm(`Revoke "${token.name}"? Clients using it are refused from their next request.`)) return;
            await request(ConsoleRevokeTokenDocument, { id: token.id });
            await renderList();
          });
          return [
            token.name,
            h('code', {}, token.prefix),
            token.environment.name,
            token.allBuckets ? 'all' : token.buckets.map((b) => b.name).join(', '),
            token.scopes.join(' ').toLowerCase().replace(/_/g, ':'),
            h('span', { class: `status ${token.status}` }, token.status),
            time(token.lastUsedAt),
            time(token.expiresAt),
            token.status === 'active' ? revoke : '',
          ];
        }),
        'Tokens, newest first',
      ),
    );
  }
  await renderList();
  page.append(form, output, h('h3', {}, 'Tokens'), list);
  return page;
}
