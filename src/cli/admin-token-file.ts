import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Keeps a generated admin token out of a log stream: written once, readable by its owner only, beside
 * the data it guards. Null when it cannot be written (then the banner says how to choose one instead).
 */
export async function writeAdminTokenFile(dataDir: string, token: string): Promise<string | null> {
  const file = path.resolve(dataDir, 'admin-token');
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'w' });
    return file;
  } catch {
    return null;
  }
}
