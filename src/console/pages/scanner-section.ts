import { ConsoleCreateTokenDocument } from '../../generated/graphql.ts';
import { request } from '../api.ts';
import { copyWithFeedback } from '../clipboard.ts';
import { h, notice } from '../dom.ts';
import { scannerCommand } from '../scanner-command.ts';
import type { PageContext } from './page-context.ts';

const PLACEHOLDER = '<TOKEN>';

/**
 * The served-scanner line, and (for whoever may create tokens) a button that creates an `inventory:write`
 * token, nothing more, and puts its secret into the line: shown once, like on the Tokens page.
 */
export function scannerSection(ctx: PageContext): HTMLElement {
  const code = h('code', { 'data-testid': 'scanner-command' }, scannerCommand(location.origin, PLACEHOLDER));
  const copyButton = h('button', { type: 'button', 'data-copy': 'scanner' }, 'Copy command');
  copyButton.addEventListener('click', () => void copyWithFeedback(code.textContent ?? '', copyButton));
  const output = h('div', { 'aria-live': 'polite' });
  const section = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'scanner-title' },
    h('h3', { id: 'scanner-title' }, 'Scan a machine'),
    h(
      'p',
      {},
      'Run this on any machine with Node 18 or later (no clone needed): it finds the AI clients’ MCP configs, redacts them there, and sends the server entries here.',
    ),
    // Focusable: the long line scrolls, and keyboard users must be able to scroll it.
    h('pre', { tabindex: 0 }, code),
    copyButton,
    output,
  );
  const canCreate = ctx.viewer.kind === 'admin' || ctx.viewer.scopes.includes('ADMIN');
  const environment = ctx.environment ?? ctx.environments[0]?.name;
  if (!canCreate || !environment) {
    output.append(
      notice(
        `Replace ${PLACEHOLDER} with a token that has the inventory:write scope (an admin creates one on the Tokens page).`,
      ),
    );
    return section;
  }
  const create = h('button', { type: 'button' }, 'Create a scanner token');
  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const name = `scanner ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
      const { createAccessToken } = await request(ConsoleCreateTokenDocument, {
        input: { name, environment, allBuckets: true, scopes: ['INVENTORY_WRITE'], expiresIn: '90d' },
      });
      code.textContent = scannerCommand(location.origin, createAccessToken.secret);
      code.classList.add('secret');
      output.replaceChildren(
        notice(
          `Token "${createAccessToken.token.name}" (inventory:write only, expires in 90 days) is in the command above. This is the only time it is shown; revoke it on the Tokens page.`,
        ),
      );
      create.remove();
    } catch (error) {
      create.disabled = false;
      output.replaceChildren(notice((error as Error).message, 'error'));
    }
  });
  output.append(create);
  return section;
}
