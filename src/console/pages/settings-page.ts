import {
  ConsoleCreateBucketDocument,
  ConsoleCreateEnvironmentDocument,
  ConsoleDeleteBucketDocument,
  ConsoleDeleteEnvironmentDocument,
  ConsoleSetEnvironmentCreatesBucketsDocument,
  ConsoleSettingsDocument,
  ConsoleUpdateBucketDocument,
  ConsoleUpdateEnvironmentDocument,
  type ConsoleSettingsQuery,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { h, notice } from '../dom.ts';
import type { PageContext } from './page-context.ts';
import { workspaceSection } from './workspace-section.ts';

type Environment = ConsoleSettingsQuery['environments'][number];

/** The OTLP intake setting as a checkbox that saves on change; its label says what it does. */
function firstSightToggle(
  environment: Environment,
  report: (message: string) => void,
  changed: (message: string) => void,
): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    name: 'createsBucketsOnFirstSight',
    checked: environment.createsBucketsOnFirstSight,
    'aria-label': `Create buckets on first sight in ${environment.name}`,
  });
  box.addEventListener('change', async () => {
    try {
      await request(ConsoleSetEnvironmentCreatesBucketsDocument, {
        environment: environment.name,
        enabled: box.checked,
      });
      changed(
        `${environment.name}: ${box.checked ? 'capture into an unknown bucket name now creates the bucket' : 'capture into an unknown bucket name is now rejected'}.`,
      );
    } catch (error) {
      box.checked = !box.checked;
      report((error as Error).message);
    }
  });
  return h('span', { class: 'toggle' }, box, box.checked ? ' on' : ' off');
}

/** Environments and buckets: list, create, rename, describe, delete (scope admin). */
export async function settingsPage(ctx: PageContext): Promise<HTMLElement> {
  const page = h('section', { 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, 'Settings'));
  if (ctx.viewer.kind !== 'admin' && !ctx.viewer.scopes.includes('ADMIN')) {
    page.append(notice('Managing environments and buckets needs the admin token or a token with the admin scope.'));
    return page;
  }
  const { environments, buckets } = await request(ConsoleSettingsDocument);
  const output = h('div', { 'aria-live': 'polite' });
  const report = (message: string) => output.replaceChildren(notice(message, 'error'));
  const changed = (message: string) => ctx.refresh(message);
  page.append(
    output,
    workspaceSection({
      noun: 'environment',
      explanation:
        'A deployment stage (production, staging...). An access token is locked to one. "Buckets on first sight": capture (ingest, OpenTelemetry) naming an unknown bucket creates it instead of being rejected.',
      items: environments,
      columns: [['Buckets on first sight', (environment) => firstSightToggle(environment, report, changed)]],
      create: (name, description) => request(ConsoleCreateEnvironmentDocument, { input: { name, description } }),
      update: (environment, changes) =>
        request(ConsoleUpdateEnvironmentDocument, { input: { environment, ...changes } }),
      remove: async (environment, cascade) =>
        (await request(ConsoleDeleteEnvironmentDocument, { environment, cascade })).deleteEnvironment,
      changed,
    }),
    workspaceSection({
      noun: 'bucket',
      explanation: 'A stream of captured traffic, e.g. one API or service. Buckets are shared by all environments.',
      items: buckets,
      create: (name, description) => request(ConsoleCreateBucketDocument, { input: { name, description } }),
      update: (bucket, changes) => request(ConsoleUpdateBucketDocument, { input: { bucket, ...changes } }),
      remove: async (bucket, cascade) => (await request(ConsoleDeleteBucketDocument, { bucket, cascade })).deleteBucket,
      changed,
    }),
  );
  return page;
}
