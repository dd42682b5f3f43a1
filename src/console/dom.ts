import { formatMs } from './format.ts';

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | null | undefined>;

/** Builds an element: attributes as properties or attributes, `on*` as listeners, children as nodes or text. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
/** A labelled control: every input of the console has a visible label tied to it. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  control.id ||= `f${++ids}`;
  const hintId = hint ? `${control.id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { id: hintId }, hint) : null,
  );
}

export function select(name: string, options: (string | [string, string])[], value?: string): HTMLSelectElement {
  const element = h('select', { name });
  for (const option of options) {
    const [optionValue, text] = Array.isArray(option) ? option : [option, option];
    element.append(h('option', { value: optionValue, selected: optionValue === value }, text));
  }
  return element;
}

/** The option chosen in a select built from `options`, typed as their values (e.g. a GraphQL enum's). */
export function chosen<T extends string>(
  element: HTMLSelectElement,
  options: readonly (T | readonly [T, string])[],
): T {
  const value = options
    .map((option) => (typeof option === 'string' ? option : option[0]))
    .find((v) => v === element.value);
  if (value === undefined) throw new Error(`${element.name}: "${element.value}" is not one of its options`);
  return value;
}

/** A message region screen readers announce; errors in role=alert. */
export function notice(text: string, kind: 'error' | 'info' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function table(headers: string[], rows: Child[][], caption: string): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

export const time = (iso: string | null | undefined) =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—';
/** Milliseconds in the console's one number format (see format.ts). */
export const ms = formatMs;

/**
 * Shows a server's validation message under the control it is about (inside its `field` wrapper), tied
 * to it with aria-describedby and aria-invalid so a screen reader reads it with the field.
 */
export function showFieldError(
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  message: string,
): void {
  const wrapper = control.closest('.field') ?? control.parentElement!;
  const errorId = `${control.id}-error`;
  let slot = wrapper.querySelector<HTMLElement>('.field-error');
  if (!slot) {
    slot = h('small', { class: 'field-error', id: errorId, role: 'alert' });
    wrapper.append(slot);
    control.setAttribute(
      'aria-describedby',
      [control.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '),
    );
  }
  slot.textContent = message;
  control.setAttribute('aria-invalid', 'true');
}

/** Removes what `showFieldError` put in a form, before it is sent again. */
export function clearFieldErrors(form: HTMLElement): void {
  for (const slot of form.querySelectorAll('.field-error')) {
    const control = slot.parentElement?.querySelector('[aria-invalid]');
    control?.removeAttribute('aria-invalid');
    control?.setAttribute(
      'aria-describedby',
      (control.getAttribute('aria-describedby') ?? '').replace(slot.id, '').trim(),
    );
    if (control?.getAttribute('aria-describedby') === '') control.removeAttribute('aria-describedby');
    slot.remove();
  }
}
