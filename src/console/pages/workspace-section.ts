import { ApiError } from '../api.ts';
import { clearFieldErrors, field, h, notice, showFieldError, table } from '../dom.ts';
import { formatCount } from '../format.ts';

/** An environment or a bucket as the Settings page lists it. */
export interface WorkspaceItem {
  id: string;
  name: string;
  description: string | null;
}

/** What a delete took with it (all zero unless it cascaded). */
export interface Removed {
  name: string;
  requests: number;
  accessTokens: number;
  events: number;
  rules: number;
}

export interface WorkspaceSectionOptions<Item extends WorkspaceItem> {
  noun: 'environment' | 'bucket';
  /** Shown under the section heading: what the thing is and who it affects. */
  explanation: string;
  items: Item[];
  /** Extra columns between the description and the actions, e.g. a setting with its toggle. */
  columns?: [string, (item: Item) => HTMLElement | string][];
  create(name: string, description: string | null): Promise<unknown>;
  /** `changes` holds only what differs; an empty description clears it. */
  update(current: string, changes: { name?: string; description?: string }): Promise<unknown>;
  remove(name: string, cascade: boolean): Promise<Removed>;
  /** After a change: reload everything that lists environments and buckets, with this message. */
  changed(message: string): void;
}

const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`;

function removedSummary(noun: string, removed: Removed): string {
  const parts = [
    removed.requests ? plural(removed.requests, 'request', 'requests') : '',
    removed.accessTokens ? plural(removed.accessTokens, 'access token', 'access tokens') : '',
    removed.events ? plural(removed.events, 'event', 'events') : '',
    removed.rules ? plural(removed.rules, 'rule', 'rules') : '',
  ].filter(Boolean);
  return `Deleted ${noun} "${removed.name}"${parts.length ? ` with ${parts.join(', ')}` : ''}.`;
}

/**
 * One kind of named workspace thing: its table, one form that creates or (after Edit) renames and
 * re-describes, and deletion that, when the server refuses because things still refer to it, shows the
 * server's counts and asks for an explicit confirmation before deleting with cascade.
 */
export function workspaceSection<Item extends WorkspaceItem>(options: WorkspaceSectionOptions<Item>): HTMLElement {
  const { noun } = options;
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const output = h('div', { 'aria-live': 'polite' });
  const name = h('input', { name: 'name', required: true, maxlength: 64, autocomplete: 'off' });
  const description = h('input', { name: 'description', maxlength: 500, autocomplete: 'off' });
  const heading = h('h4', { id: `${noun}-form-title`, tabindex: '-1' }, `New ${noun}`);
  const submit = h('button', { type: 'submit' }, `Create ${noun}`);
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel editing');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': heading.id, 'data-form': noun },
    heading,
    field(`${Noun} name`, name, "1 to 64 lowercase letters, digits, '-', '_' or '.'; unique"),
    field(`${Noun} description`, description, 'Optional; empty clears it'),
    submit,
    ' ',
    cancel,
  );
  let editing: Item | null = null;
  const reset = () => {
    editing = null;
    form.reset();
    clearFieldErrors(form);
    heading.textContent = `New ${noun}`;
    submit.textContent = `Create ${noun}`;
    cancel.hidden = true;
  };
  cancel.addEventListener('click', reset);

  const report = (error: unknown) => {
    const argument = error instanceof ApiError ? error.argument?.split('.').at(-1) : null;
    const control = argument === 'name' ? name : argument === 'description' ? description : null;
    if (control) showFieldError(control, (error as Error).message);
    else output.replaceChildren(notice((error as Error).message, 'error'));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    output.replaceChildren();
    const newName = name.value.trim();
    const newDescription = description.value.trim();
    try {
      if (editing) {
        const changes: { name?: string; description?: string } = {};
        if (newName !== editing.name) changes.name = newName;
        if (newDescription !== (editing.description ?? '')) changes.description = newDescription;
        await options.update(editing.name, changes);
        options.changed(
          changes.name ? `Renamed ${noun} "${editing.name}" to "${newName}".` : `Saved ${noun} "${newName}".`,
        );
      } else {
        await options.create(newName, newDescription || null);
        options.changed(`Created ${noun} "${newName}".`);
      }
    } catch (error) {
      report(error);
    }
  });

  const edit = (item: Item) => {
    editing = item;
    clearFieldErrors(form);
    name.value = item.name;
    description.value = item.description ?? '';
    heading.textContent = `Edit ${noun} "${item.name}"`;
    submit.textContent = 'Save changes';
    cancel.hidden = false;
    heading.focus();
  };

  /** The refusal in the server's words, and a delete that stays disabled until the box is ticked. */
  const confirmCascade = (item: Item, refusal: string) => {
    const understood = h('input', { type: 'checkbox', name: 'confirmCascade' });
    const go = h(
      'button',
      { type: 'button', class: 'danger', disabled: true },
      `Delete ${noun} ${item.name} and everything in it`,
    );
    const back = h('button', { type: 'button', class: 'secondary' }, 'Keep it');
    understood.addEventListener('change', () => (go.disabled = !understood.checked));
    back.addEventListener('click', () => output.replaceChildren());
    go.addEventListener('click', async () => {
      try {
        options.changed(removedSummary(noun, await options.remove(item.name, true)));
      } catch (error) {
        report(error);
      }
    });
    const panel = h(
      'section',
      { class: 'panel confirm-cascade', 'aria-labelledby': `${noun}-cascade-title` },
      h('h4', { id: `${noun}-cascade-title` }, `${Noun} "${item.name}" is still in use`),
      notice(refusal, 'error'),
      field(`Also delete what refers to ${noun} ${item.name}; this cannot be undone`, understood),
      go,
      ' ',
      back,
    );
    output.replaceChildren(panel);
    understood.focus();
  };

  const remove = async (item: Item) => {
    if (!confirm(`Delete ${noun} "${item.name}"?`)) return;
    try {
      options.changed(removedSummary(noun, await options.remove(item.name, false)));
    } catch (error) {
      if (error instanceof ApiError && error.argument === 'cascade') confirmCascade(item, error.message);
      else report(error);
    }
  };

  const button = (verb: string, item: Item, action: (item: Item) => unknown, kind = 'secondary') => {
    const element = h('button', { type: 'button', class: kind, 'aria-label': `${verb} ${noun} ${item.name}` }, verb);
    element.addEventListener('click', () => void action(item));
    return element;
  };
  const columns = options.columns ?? [];
  return h(
    'section',
    { 'aria-labelledby': `${noun}s-title`, 'data-section': noun },
    h('h3', { id: `${noun}s-title` }, `${Noun}s`),
    h('p', {}, options.explanation),
    table(
      ['Name', 'Description', ...columns.map(([header]) => header), 'Actions'],
      options.items.map((item) => [
        item.name,
        item.description ?? '',
        ...columns.map(([, cell]) => cell(item)),
        h('span', { class: 'actions' }, button('Edit', item, edit), ' ', button('Delete', item, remove, 'danger')),
      ]),
      `${Noun}s (${options.items.length})`,
    ),
    form,
    output,
  );
}
