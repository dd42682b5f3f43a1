import { ConsoleDeleteEventDocument, ConsoleUpdateEventDocument } from '../../generated/graphql.ts';
import { ApiError, request } from '../api.ts';
import { clearFieldErrors, field, h, notice, showFieldError } from '../dom.ts';

interface EditableEvent {
  id: string;
  title: string;
  description: string | null;
  endedAt: string | null;
}

/**
 * Correcting an event after the fact (a wrong title, an end time once the incident is over) and deleting
 * one added by mistake: per-row buttons, and one form that opens under the list for the row chosen.
 */
export function eventEditor(options: { saved: (message: string) => Promise<void>; failed: (message: string) => void }) {
  const title = h('input', { name: 'title', required: true, maxlength: 200 });
  const description = h('textarea', { name: 'description', rows: 2, maxlength: 5000 });
  const endedAt = h('input', { name: 'endedAt', placeholder: '2026-01-31T14:05:00Z' });
  const heading = h('h3', { id: 'edit-event-title', tabindex: '-1' }, 'Edit event');
  const output = h('div', { 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel editing');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': heading.id, hidden: true, 'data-form': 'edit-event' },
    heading,
    field('Event title', title),
    field('Event description', description, 'Empty clears it'),
    field('End (RFC 3339, UTC)', endedAt, 'Empty: instantaneous or still ongoing'),
    h('button', { type: 'submit' }, 'Save event'),
    ' ',
    cancel,
    output,
  );
  let editing: EditableEvent | null = null;
  const close = () => {
    editing = null;
    form.hidden = true;
    clearFieldErrors(form);
    output.replaceChildren();
  };
  cancel.addEventListener('click', close);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editing) return;
    clearFieldErrors(form);
    output.replaceChildren();
    try {
      const { updateEvent } = await request(ConsoleUpdateEventDocument, {
        id: editing.id,
        input: { title: title.value.trim(), description: description.value.trim(), endedAt: endedAt.value.trim() },
      });
      close();
      await options.saved(`Saved event "${updateEvent.title}".`);
    } catch (error) {
      const argument = error instanceof ApiError ? error.argument?.split('.').at(-1) : null;
      const control = { title, description, endedAt }[argument ?? ''];
      if (control) showFieldError(control, (error as Error).message);
      else output.replaceChildren(notice((error as Error).message, 'error'));
    }
  });

  const open = (event: EditableEvent) => {
    editing = event;
    clearFieldErrors(form);
    output.replaceChildren();
    title.value = event.title;
    description.value = event.description ?? '';
    endedAt.value = event.endedAt ?? '';
    heading.textContent = `Edit event "${event.title}"`;
    form.hidden = false;
    heading.focus();
  };

  const remove = async (event: EditableEvent) => {
    if (!confirm(`Delete event "${event.title}"?`)) return;
    try {
      await request(ConsoleDeleteEventDocument, { id: event.id });
      if (editing?.id === event.id) close();
      await options.saved(`Deleted event "${event.title}".`);
    } catch (error) {
      options.failed((error as Error).message);
    }
  };

  return {
    form,
    /** The Edit and Delete buttons of one row, named after the event for screen readers. */
    actions(event: EditableEvent): HTMLElement {
      const edit = h(
        'button',
        { type: 'button', class: 'secondary', 'aria-label': `Edit event ${event.title}` },
        'Edit',
      );
      const del = h(
        'button',
        { type: 'button', class: 'danger', 'aria-label': `Delete event ${event.title}` },
        'Delete',
      );
      edit.addEventListener('click', () => open(event));
      del.addEventListener('click', () => void remove(event));
      return h('span', { class: 'actions' }, edit, ' ', del);
    },
  };
}
