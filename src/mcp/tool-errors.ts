import { snakeCaseArgumentNames } from '../argument-names.ts';
import { classifyError } from '../classify-error.ts';
import type { FieldNames } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** GraphQL filter fields whose tool argument is not simply the field in snake_case. */
const SHARED_ARGUMENT_NAMES: Readonly<Record<string, string>> = {
  methods: 'method',
  statusClasses: 'status_class',
  clientIp: 'ip',
};

/**
 * How a tool names a field its GraphQL operation was given (`range.since`, `filter.statusClasses`,
 * `input.startedAt`): the tool's own argument (`since`, `status_class`, `started_at`). `own` maps the paths a
 * tool names differently (compare_periods' `before.from` is `baseline_from`).
 */
export function toolArgumentNames(own: Readonly<Record<string, string>> = {}): FieldNames {
  return snakeCaseArgumentNames({ ...SHARED_ARGUMENT_NAMES, ...own });
}

/**
 * The text a model reads when a tool fails: a coded error's own message (written for users, its fields
 * named as the tool's arguments), otherwise a generic line with an id to find the detail in the server log.
 * Never SQL, stacks or secrets.
 */
export function toolErrorText(
  error: unknown,
  logger: Logger,
  tool: string,
  requestId: string,
  argumentNames: FieldNames = toolArgumentNames(),
): string {
  const classified = classifyError(error, requestId, argumentNames);
  if (classified.appError) {
    const hint = classified.code === 'BAD_USER_INPUT' ? ' Check the arguments and call again.' : '';
    return `${classified.message}.${hint}`.replace('..', '.');
  }
  logger.error({ err: error, tool, requestId }, 'MCP tool failed');
  return `The ${tool} tool failed unexpectedly (request ${requestId}). Try again; if it keeps failing, report the request id.`;
}
