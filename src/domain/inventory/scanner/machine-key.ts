import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The key this machine's scanner fingerprints redacted secrets with, kept in `<home>/.trafficgraph/fingerprint-key`
 * (mode 600). It never leaves the machine, so the server cannot test guesses against a fingerprint, while two
 * snapshots of the same machine can still tell a rotated secret from an unchanged one.
 */
export async function machineFingerprintKey(home: string): Promise<string> {
  const file = path.join(home, '.trafficgraph', 'fingerprint-key');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (/^[0-9a-f]{64}$/.test(existing.trim())) return existing.trim();
  const key = randomBytes(32).toString('hex');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * The id a machine's snapshots are filed under: derived from its fingerprint key, so it is stable across scans of the
 * same home folder, differs between machines, and says nothing about the machine or its user.
 */
export function machineId(fingerprintKey: string): string {
  return createHmac('sha256', fingerprintKey).update('trafficgraph machine id').digest('hex').slice(0, 20);
}
