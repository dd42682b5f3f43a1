import {
  ConsoleCreateExclusionRuleDocument,
  ConsoleCreateRedactionRuleDocument,
  ConsoleRulesDocument,
  ConsoleUpdateExclusionRuleDocument,
  ConsoleUpdateRedactionRuleDocument,
  type ConsoleRulesQuery,
  type MaskStyle,
  type PatternKind,
  type RedactionTarget,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { chosen, field, h, notice, select, table } from '../dom.ts';
import { formatCount } from '../format.ts';
import type { PageContext } from './page-context.ts';

type RedactionRule = ConsoleRulesQuery['redactionRules'][number];
type ExclusionRule = ConsoleRulesQuery['exclusionRules'][number];

/** The rule's state in words, and a button whose visible verb starts its accessible name. */
function toggle(
  label: string,
  enabled: boolean,
  save: (enabled: boolean) => Promise<unknown>,
  onError: (message: string) => void,
): HTMLElement {
  const verb = enabled ? 'Disable' : 'Enable';
  const button = h(
    'button',
    { type: 'button', class: enabled ? '' : 'secondary', 'aria-label': `${verb} ${label}` },
    verb,
  );
  button.addEventListener('click', () => void save(!enabled).catch((error: Error) => onError(error.message)));
  return h('span', { class: 'rule-state' }, enabled ? 'enabled ' : 'disabled ', button);
}

/**
 * A form that creates a rule, or edits one once `edit` filled it in: the same fields, a different
 * mutation, and a way back.
 */
function ruleForm<Rule extends { id: string; name: string }>(options: {
  noun: string;
  fields: HTMLElement[];
  fill: (rule: Rule | null) => void;
  save: (id: string | null) => Promise<unknown>;
  done: (message: string) => Promise<void>;
  report: (message: string) => void;
}) {
  let editing: Rule | null = null;
  const heading = h('h3', { id: `form-${options.noun.replace(/\s/g, '-')}`, tabindex: '-1' }, `New ${options.noun}`);
  const submit = h('button', { type: 'submit' }, `Create ${options.noun}`);
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel editing');
  const form = h(
    'form',
    { class: 'panel', 'aria-labelledby': heading.id },
    heading,
    ...options.fields,
    submit,
    ' ',
    cancel,
  );
  const reset = () => {
    editing = null;
    options.fill(null);
    heading.textContent = `New ${options.noun}`;
    submit.textContent = `Create ${options.noun}`;
    cancel.hidden = true;
  };
  cancel.addEventListener('click', reset);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const wasEditing = editing;
      await options.save(editing?.id ?? null);
      reset();
      await options.done(wasEditing ? `Saved "${wasEditing.name}".` : `Created the ${options.noun}.`);
    } catch (error) {
      options.report((error as Error).message);
    }
  });
  return {
    form,
    edit(rule: Rule) {
      editing = rule;
      options.fill(rule);
      heading.textContent = `Edit ${options.noun} "${rule.name}"`;
      submit.textContent = 'Save changes';
      cancel.hidden = false;
      heading.focus();
    },
  };
}

export async function rulesPage(ctx: PageContext): Promise<HTMLElement> {
  const page = h(
    'section',
    { 'aria-labelledby': 'rules-title' },
    h('h2', { id: 'rules-title' }, 'Redaction and exclusion rules'),
  );
  const canEdit = ctx.viewer.kind === 'admin' || ctx.viewer.scopes.includes('ADMIN');
  const output = h('div', { 'aria-live': 'polite' });
  const lists = h('div');
  const report = (message: string) => output.replaceChildren(notice(message, 'error'));
  const done = async (message: string) => {
    output.replaceChildren(notice(message));
    await render();
  };

  const rName = h('input', { name: 'name', required: true });
  const targets: [RedactionTarget, string][] = [
    ['header', 'Header by name'],
    ['query_param', 'Query parameter'],
    ['body_field', 'JSON body field path'],
    ['body_pattern', 'Pattern in any body'],
  ];
  const target = select('target', targets);
  const selector = h('input', { name: 'selector', required: true });
  const masks: [MaskStyle, string][] = [
    ['placeholder', 'Fixed placeholder'],
    ['partial', 'Keep last 4'],
    ['hash', 'Hash'],
  ];
  const mask = select('maskStyle', masks);
  const redaction = ruleForm<RedactionRule>({
    noun: 'redaction rule',
    fields: [
      field('Name', rName),
      field('Target', target),
      field('Selector', selector, 'Header name, parameter, $.path.to.field or a regex'),
      field('Mask style', mask),
    ],
    fill: (rule) => {
      rName.value = rule?.name ?? '';
      target.value = rule?.target ?? 'header';
      selector.value = rule?.selector ?? '';
      mask.value = rule?.maskStyle ?? 'placeholder';
    },
    save: (id) => {
      const input = {
        name: rName.value.trim(),
        target: chosen(target, targets),
        selector: selector.value,
        maskStyle: chosen(mask, masks),
      };
      return id
        ? request(ConsoleUpdateRedactionRuleDocument, { id, input })
        : request(ConsoleCreateRedactionRuleDocument, { input: { ...input, enabled: true } });
    },
    done,
    report,
  });

  const eName = h('input', { name: 'name', required: true });
  const method = h('input', { name: 'method', placeholder: 'any' });
  const host = h('input', { name: 'host', placeholder: 'any' });
  const pathPattern = h('input', { name: 'pathPattern', placeholder: '/health or /internal/*' });
  const kinds: PatternKind[] = ['glob', 'regex'];
  const kind = select('pathPatternKind', kinds);
  const exclusion = ruleForm<ExclusionRule>({
    noun: 'exclusion rule',
    fields: [
      field('Name', eName),
      field('Method', method),
      field('Host', host),
      field('Path pattern', pathPattern),
      field('Pattern kind', kind),
    ],
    fill: (rule) => {
      eName.value = rule?.name ?? '';
      method.value = rule?.method ?? '';
      host.value = rule?.host ?? '';
      pathPattern.value = rule?.pathPattern ?? '';
      kind.value = rule?.pathPatternKind ?? 'glob';
    },
    save: (id) => {
      const input = {
        name: eName.value.trim(),
        method: method.value.trim() || null,
        host: host.value.trim() || null,
        pathPattern: pathPattern.value.trim() || null,
        pathPatternKind: chosen(kind, kinds),
      };
      return id
        ? request(ConsoleUpdateExclusionRuleDocument, { id, input })
        : request(ConsoleCreateExclusionRuleDocument, { input: { ...input, enabled: true } });
    },
    done,
    report,
  });

  const editButton = (name: string, edit: () => void) => {
    const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${name}` }, 'Edit');
    button.addEventListener('click', edit);
    return button;
  };
  const buckets = (list: { name: string }[]) => (list.length ? list.map((b) => b.name).join(', ') : 'all');

  async function render() {
    const { redactionRules, exclusionRules } = await request(ConsoleRulesDocument);
    const state = (name: string, enabled: boolean, save: (enabled: boolean) => Promise<unknown>) =>
      canEdit ? toggle(name, enabled, save, report) : enabled ? 'enabled' : 'disabled';
    lists.replaceChildren(
      h('h3', {}, 'Redaction rules'),
      table(
        ['Name', 'Target', 'Selector', 'Mask', 'Buckets', 'Hits', 'State', ...(canEdit ? [''] : [])],
        redactionRules.map((r) => [
          r.name,
          r.target,
          h('code', {}, r.selector),
          r.maskStyle,
          buckets(r.buckets),
          formatCount(r.hitCount),
          state(
            r.name,
            r.enabled,
            async (enabled) => (
              await request(ConsoleUpdateRedactionRuleDocument, { id: r.id, input: { enabled } }), render()
            ),
          ),
          ...(canEdit ? [editButton(r.name, () => redaction.edit(r))] : []),
        ]),
        'Redaction rules: mask data before it is stored',
      ),
      h('h3', {}, 'Exclusion rules'),
      table(
        [
          'Name',
          'Method',
          'Host',
          'Path',
          'User agent',
          'Status',
          'Buckets',
          'Hits',
          'State',
          ...(canEdit ? [''] : []),
        ],
        exclusionRules.map((r) => [
          r.name,
          r.method ?? 'any',
          r.host ?? 'any',
          r.pathPattern ? `${r.pathPattern} (${r.pathPatternKind})` : 'any',
          r.userAgentContains ?? 'any',
          r.status === null ? 'any' : String(r.status),
          buckets(r.buckets),
          formatCount(r.hitCount),
          state(
            r.name,
            r.enabled,
            async (enabled) => (
              await request(ConsoleUpdateExclusionRuleDocument, { id: r.id, input: { enabled } }), render()
            ),
          ),
          ...(canEdit ? [editButton(r.name, () => exclusion.edit(r))] : []),
        ]),
        'Exclusion rules: drop matching requests before they are stored',
      ),
    );
  }

  if (canEdit) page.append(h('div', { class: 'two-columns' }, redaction.form, exclusion.form));
  await render();
  page.append(output, lists);
  return page;
}
