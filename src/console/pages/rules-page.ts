import {
  ConsoleCreateExclusionRuleDocument,
  ConsoleCreateRedactionRuleDocument,
  ConsoleRulesDocument,
  ConsoleUpdateExclusionRuleDocument,
  ConsoleUpdateRedactionRuleDocument,
} from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { field, h, notice, select, table } from '../dom.ts';
import type { PageContext } from './page-context.ts';

/** The rule's state in words, and a button whose visible verb starts its accessible name. */
function toggle(label: string, enabled: boolean, save: (enabled: boolean) => Promise<unknown>, onError: (message: string) => void): HTMLElement {
  const verb = enabled ? 'Disable' : 'Enable';
  const button = h('button', { type: 'button', class: enabled ? '' : 'secondary', 'aria-label': `${verb} ${label}` }, verb);
  button.addEventListener('click', () => void save(!enabled).catch((error: Error) => onError(error.message)));
  return h('span', { class: 'rule-state' }, enabled ? 'enabled ' : 'disabled ', button);
}

export async function rulesPage(ctx: PageContext): Promise<HTMLElement> {
  const page = h('section', { 'aria-labelledby': 'rules-title' }, h('h2', { id: 'rules-title' }, 'Redaction and exclusion rules'));
  const canEdit = ctx.viewer.kind === 'admin' || ctx.viewer.scopes.includes('ADMIN');
  const output = h('div', { 'aria-live': 'polite' });
  const lists = h('div');
  const report = (message: string) => output.replaceChildren(notice(message, 'error'));

  async function render() {
    const { redactionRules, exclusionRules } = await request(ConsoleRulesDocument);
    lists.replaceChildren(
      h('h3', {}, 'Redaction rules'),
      table(
        ['Name', 'Target', 'Selector', 'Mask', 'Buckets', 'Hits', 'State'],
        redactionRules.map((r) => [
          r.name,
          r.target,
          h('code', {}, r.selector),
          r.maskStyle,
          r.buckets.length ? r.buckets.map((b) => b.name).join(', ') : 'all',
          String(r.hitCount),
          canEdit ? toggle(r.name, r.enabled, async (enabled) => (await request(ConsoleUpdateRedactionRuleDocument, { id: r.id, input: { enabled } }), render()), report) : r.enabled ? 'enabled' : 'disabled',
        ]),
        'Redaction rules: mask data before it is stored',
      ),
      h('h3', {}, 'Exclusion rules'),
      table(
        ['Name', 'Method', 'Host', 'Path', 'User agent', 'Status', 'Buckets', 'Hits', 'State'],
        exclusionRules.map((r) => [
          r.name,
          r.method ?? 'any',
          r.host ?? 'any',
          r.pathPattern ? `${r.pathPattern} (${r.pathPatternKind})` : 'any',
          r.userAgentContains ?? 'any',
          r.status === null ? 'any' : String(r.status),
          r.buckets.length ? r.buckets.map((b) => b.name).join(', ') : 'all',
          String(r.hitCount),
          canEdit ? toggle(r.name, r.enabled, async (enabled) => (await request(ConsoleUpdateExclusionRuleDocument, { id: r.id, input: { enabled } }), render()), report) : r.enabled ? 'enabled' : 'disabled',
        ]),
        'Exclusion rules: drop matching requests before they are stored',
      ),
    );
  }

  if (canEdit) {
    const rName = h('input', { name: 'name', required: true });
    const target = select('target', [['header', 'Header by name'], ['query_param', 'Query parameter'], ['body_field', 'JSON body field path'], ['body_pattern', 'Pattern in any body']]);
    const selector = h('input', { name: 'selector', required: true });
    const mask = select('maskStyle', [['placeholder', 'Fixed placeholder'], ['partial', 'Keep last 4'], ['hash', 'Hash']]);
    const redactionForm = h('form', { class: 'panel', 'aria-labelledby': 'new-redaction' }, h('h3', { id: 'new-redaction' }, 'New redaction rule'), field('Name', rName), field('Target', target), field('Selector', selector, 'Header name, parameter, $.path.to.field or a regex'), field('Mask style', mask), h('button', { type: 'submit' }, 'Create redaction rule'));
    redactionForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await request(ConsoleCreateRedactionRuleDocument, { input: { name: rName.value.trim(), target: target.value, selector: selector.value, maskStyle: mask.value, enabled: true } });
        output.replaceChildren(notice(`Redaction rule "${rName.value.trim()}" created.`));
        redactionForm.reset();
        await render();
      } catch (error) {
        report((error as Error).message);
      }
    });
    const eName = h('input', { name: 'name', required: true });
    const method = h('input', { name: 'method', placeholder: 'any' });
    const host = h('input', { name: 'host', placeholder: 'any' });
    const pathPattern = h('input', { name: 'pathPattern', placeholder: '/health or /internal/*' });
    const kind = select('pathPatternKind', ['glob', 'regex']);
    const exclusionForm = h('form', { class: 'panel', 'aria-labelledby': 'new-exclusion' }, h('h3', { id: 'new-exclusion' }, 'New exclusion rule'), field('Name', eName), field('Method', method), field('Host', host), field('Path pattern', pathPattern), field('Pattern kind', kind), h('button', { type: 'submit' }, 'Create exclusion rule'));
    exclusionForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await request(ConsoleCreateExclusionRuleDocument, {
          input: { name: eName.value.trim(), method: method.value.trim() || null, host: host.value.trim() || null, pathPattern: pathPattern.value.trim() || null, pathPatternKind: kind.value, enabled: true },
        });
        output.replaceChildren(notice(`Exclusion rule "${eName.value.trim()}" created.`));
        exclusionForm.reset();
        await render();
      } catch (error) {
        report((error as Error).message);
      }
    });
    page.append(h('div', { class: 'two-columns' }, redactionForm, exclusionForm));
  }
  await render();
  page.append(output, lists);
  return page;
}
