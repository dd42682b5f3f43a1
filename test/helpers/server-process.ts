import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

export interface ServerProcess {
  url: string;
  output: () => string;
  child: ChildProcessWithoutNullStreams;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Env for a child process: the caller's settings only, so a DATABASE_URL of the test run does not leak in. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ADMIN_TOKEN: _admin, PORT: _port, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'warn', ...env };
}

/** Runs `trafficgraph serve` as a real process and resolves once it printed where it listens. */
export function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: childEnv({ PORT: '0', ...env }) });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /trafficgraph is running on (http:\/\/\S+)/.exec(output);
      if (match && /\n\s*\n/.test(output.slice(output.indexOf(match[0])))) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          output: () => output,
          child,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              // A process ended by a signal has exitCode null and signalCode set; either means it is gone.
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Runs a CLI command to completion. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`trafficgraph ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function postGraphQL<T>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: T; errors?: { message: string }[] } };
}
