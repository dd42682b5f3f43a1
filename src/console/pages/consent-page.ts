import { ConsoleViewerDocument, type Scope } from '../../generated/graphql.ts';
import { request, session } from '../api.ts';
import { field, h, notice, select } from '../dom.ts';
import { SCOPE_CHOICES } from '../scope-choices.ts';

interface ConsentDetails {
  clientId: string;
  clientName: string;
  redirectHost: string;
  requestedScopes: string[];
  resource: string;
}

/** The consent step's own endpoints, under the page's path where the authorization server's cookie applies. */
const endpoint = (action: string) => `${location.pathname.replace(/\/$/, '')}/${action}`;

async function decide(decision: Record<string, unknown>): Promise<void> {
  const response = await fetch(endpoint('decision'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token() ?? ''}` },
    body: JSON.stringify(decision),
  });
  const body = (await response.json().catch(() => ({}))) as { redirectTo?: string; detail?: string };
  if (!response.ok || !body.redirectTo) throw new Error(body.detail ?? `The server answered ${response.status}`);
  location.assign(body.redirectTo);
}

/**
 * An assistant asks for access: the signed-in user sees who asks and where the answer goes, and picks one
 * environment, all or some buckets, and scopes. Approving creates an access token row bound to the grant.
 */
export async function consentPage(): Promise<HTMLElement> {
  const page = h(
    'section',
    { class: 'panel consent', 'aria-labelledby': 'consent-title' },
    h('h2', { id: 'consent-title' }, 'Allow access to trafficgraph?'),
  );
  const response = await fetch(endpoint('details'), { headers: { accept: 'application/json' } });
  const details = (await response.json().catch(() => ({}))) as Partial<ConsentDetails> & { detail?: string };
  if (!response.ok) {
    page.append(notice(details.detail ?? `The server answered ${response.status}`, 'error'));
    return page;
  }
  const { viewer, environments, buckets } = await request(ConsoleViewerDocument);
  if (viewer.kind !== 'admin') {
    page.append(notice('Approving access needs the admin token. Sign out and sign in with it.', 'error'));
    return page;
  }
  const environment = select(
    'environment',
    environments.map((e): [string, string] => [e.id, e.name]),
    environments.find((e) => e.name === 'production')?.id,
  );
  const allBuckets = h('input', { type: 'checkbox', name: 'allBuckets', checked: true });
  const bucketBoxes = buckets.map((bucket) =>
    field(bucket.name, h('input', { type: 'checkbox', name: 'bucket', value: bucket.id })),
  );
  const scopeBoxes = SCOPE_CHOICES.map(([scope, label, checked]) =>
    field(label, h('input', { type: 'checkbox', name: 'scope', value: scope, checked })),
  );
  const output = h('div', { 'aria-live': 'polite' });
  const approve = h('button', { type: 'submit', name: 'approve' }, 'Approve');
  const deny = h('button', { type: 'button', name: 'deny' }, 'Deny');
  const form = h(
    'form',
    {},
    h(
      'p',
      {},
      h('strong', { 'data-testid': 'client-name' }, details.clientName ?? ''),
      ' wants to read trafficgraph through MCP.',
    ),
    h(
      'p',
      {},
      'After you answer, you return to ',
      h('strong', { 'data-testid': 'redirect-host' }, details.redirectHost ?? ''),
      '.',
    ),
    field('Environment', environment),
    field('All buckets', allBuckets),
    h('fieldset', {}, h('legend', {}, 'Buckets (when not all)'), ...bucketBoxes),
    h('fieldset', {}, h('legend', {}, 'Scopes'), ...scopeBoxes),
    output,
    approve,
    ' ',
    deny,
  );
  const checked = (name: string) =>
    [...form.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((box) => box.value);
  const fail = (error: unknown) => output.replaceChildren(notice((error as Error).message, 'error'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosenBuckets = checked('bucket');
    if (!allBuckets.checked && chosenBuckets.length === 0)
      return fail(new Error('Choose at least one bucket, or all buckets.'));
    decide({
      approve: true,
      environment: environment.value,
      buckets: allBuckets.checked ? null : chosenBuckets,
      scopes: checked('scope') as Scope[],
    }).catch(fail);
  });
  deny.addEventListener('click', () => void decide({ approve: false }).catch(fail));
  page.append(form);
  return page;
}
