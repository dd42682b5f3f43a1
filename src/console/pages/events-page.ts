import { ConsoleCreateEventDocument, ConsoleEventsDocument, type EventType } from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { field, h, notice, select, table, time } from '../dom.ts';
import { compareHref } from './compare-page.ts';
import { eventEditor } from './event-editor.ts';
import type { PageContext } from './page-context.ts';

export async function eventsPage(ctx: PageContext): Promise<HTMLElement> {
  const page = h('section', { 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, 'Events'));
  const type = select('type', ['deployment', 'incident', 'config_change', 'other']);
  const title = h('input', { name: 'title', required: true, maxlength: 200 });
  const version = h('input', { name: 'version', maxlength: 100 });
  const description = h('textarea', { name: 'description', rows: 2, maxlength: 5000 });
  const startedAt = h('input', { name: 'startedAt', placeholder: 'now' });
  const output = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': 'create-event-title' },
    h('h3', { id: 'create-event-title' }, 'Add an event'),
    field('Type', type),
    field('Title', title, 'e.g. Deploy v2.3.1'),
    field('Version', version),
    field('Description', description),
    field('Start (RFC 3339, UTC)', startedAt, 'Leave empty for now'),
    h('button', { type: 'submit' }, 'Add event'),
  );
  const list = h('div');
  const canWrite =
    ctx.viewer.kind === 'admin' || ctx.viewer.scopes.includes('ADMIN') || ctx.viewer.scopes.includes('EVENTS_WRITE');
  const editor = eventEditor({
    saved: async (message) => {
      output.replaceChildren(notice(message));
      await renderList();
    },
    failed: (message) => output.replaceChildren(notice(message, 'error')),
  });
  async function renderList() {
    const { events } = await request(ConsoleEventsDocument, { environment: ctx.environment, range: { since: '30d' } });
    list.replaceChildren(
      table(
        [
          'Start (UTC)',
          'End (UTC)',
          'Type',
          'Title',
          'Description',
          'Version',
          'Bucket',
          'By',
          'Before / after',
          ...(canWrite ? ['Actions'] : []),
        ],
        events.events.map((e) => [
          time(e.startedAt),
          e.endedAt ? time(e.endedAt) : '',
          e.type,
          e.title,
          e.description ?? '',
          e.version ?? '',
          e.bucket?.name ?? 'all',
          e.createdBy,
          h(
            'a',
            {
              href: compareHref({ since: null, event: e.id, window: '1h' }),
              'aria-label': `Compare around ${e.title}`,
            },
            'Compare',
          ),
          ...(canWrite ? [editor.actions(e)] : []),
        ]),
        'Events of the last 30 days, newest first',
      ),
    );
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await request(ConsoleCreateEventDocument, {
        input: {
          environment: ctx.environment,
          type: type.value as EventType,
          title: title.value.trim(),
          version: version.value.trim() || null,
          description: description.value.trim() || null,
          startedAt: startedAt.value.trim() || null,
          source: 'console',
        },
      });
      output.replaceChildren(
        notice(`Event "${title.value.trim()}" added; it shows as a marker on the traffic charts.`),
      );
      form.reset();
      await renderList();
    } catch (error) {
      output.replaceChildren(notice((error as Error).message, 'error'));
    }
  });
  await renderList();
  page.append(form, output, list, editor.form);
  return page;
}
