/** The seed's command types, plus a richer runtime for GraphQL. */
export const COMMAND_TYPES = ['node', 'python', 'binary', 'unknown'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];
export const RUNTIMES = [
  'node',
  'npx',
  'python',
  'uvx',
  'docker',
  'deno',
  'bun',
  'binary',
  'remote',
  'unknown',
] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const NODE_COMMANDS = ['node', 'npx', 'npm', 'pnpm', 'pnpx', 'yarn', 'bun', 'bunx', 'tsx', 'ts-node', 'deno'];
export const PYTHON_COMMANDS = ['python', 'python3', 'py', 'uv', 'uvx', 'pipx', 'poetry', 'pdm', 'hatch'];

const executable = (command: string) =>
  command
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    .toLowerCase()
    .replace(/\.(exe|cmd|bat)$/, '');

/** What kind of program a server's command starts, judged from its executable name. */
export function commandTypeOf(command: string | null): CommandType {
  if (!command || command.trim() === '') return 'unknown';
  const name = executable(command.trim());
  if (NODE_COMMANDS.includes(name) || /^node\d*$/.test(name)) return 'node';
  if (PYTHON_COMMANDS.includes(name) || /^python\d+(\.\d+)?$/.test(name)) return 'python';
  return 'binary';
}

export function runtimeOf(command: string | null, url: string | null): Runtime {
  if (!command) return url ? 'remote' : 'unknown';
  const name = executable(command.trim());
  if (name === 'npx' || name === 'pnpx' || name === 'bunx') return 'npx';
  if (name === 'uvx' || name === 'uv') return 'uvx';
  if (name === 'docker' || name === 'podman') return 'docker';
  if (name === 'deno') return 'deno';
  if (name === 'bun') return 'bun';
  const type = commandTypeOf(command);
  return type === 'unknown' ? 'unknown' : type;
}
