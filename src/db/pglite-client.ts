import { mkdir, open, readFile, rm, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { ConfigurationError } from '../errors.ts';
import { copyStatement } from './copy-statement.ts';
import { queryPrepared } from './pglite-prepared-statements.ts';
import type { QueryOptions, SqlClient } from './sql-client.ts';

type PGliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(db: PGliteLike, root: PGlite): SqlClient {
  return {
    engine: 'pglite',
    async query<Row extends Record<string, unknown>>(
      text: string,
      params: readonly unknown[] = [],
      { prepareAs }: QueryOptions = {},
    ) {
      if (prepareAs) {
        // Outside a transaction the statement still needs PGlite's transaction lock: a one-statement transaction.
        if (db === root) return root.transaction(() => queryPrepared<Row>(root, prepareAs, text, params));
        // The statement runs on the root connection, so check here what tx.query would: a transaction's client
        // used after its callback returned must not run inside whatever transaction holds the connection now.
        if ((db as Transaction).closed) throw new Error('Transaction is closed');
        return queryPrepared<Row>(root, prepareAs, text, params);
      }
      const result = await db.query<Row>(text, params as unknown[]);
      return result.rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
    async copyRows(table, columns, rows) {
      // PGlite reads COPY input from a blob it exposes to the server as the file /dev/blob.
      await db.query(`${copyStatement(table, columns)} FROM '/dev/blob'`, [], { blob: new Blob([rows]) });
    },
    transaction(work) {
      // PGlite is one connection: a nested call joins the open transaction instead of deadlocking.
      if (db !== root) return work(wrap(db, root));
      return root.transaction((tx) => work(wrap(tx, root)));
    },
  };
}

export function pgliteSqlClient(db: PGlite): SqlClient {
  return wrap(db, db);
}

const LOCK_FILE = 'trafficgraph.lock';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps its files open in one process; a second process opening the same folder would corrupt it.
 * A pid lock file turns that mistake into a clear message.
 */
async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new ConfigurationError(
          `DATA_DIR ${dataDir} is in use by another trafficgraph process (pid ${owner}); stop it, or use the CLI with --server instead of --direct`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new ConfigurationError(`DATA_DIR ${dataDir}: could not take the lock file ${LOCK_FILE}`);
}

export interface OpenedPGlite {
  pglite: PGlite;
  release(): Promise<void>;
}

/** Opens (creating when needed) the embedded database in `dataDir`, or in memory for `memory://`. */
export async function openPGlite(dataDir: string | 'memory://'): Promise<OpenedPGlite> {
  if (dataDir === 'memory://') {
    const pglite = await PGlite.create();
    return { pglite, release: () => pglite.close() };
  }
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new ConfigurationError(
      `DATA_DIR ${dataDir} is not a writable folder (${(error as NodeJS.ErrnoException).code ?? 'error'}); point DATA_DIR at a folder this user can write`,
    );
  }
  const unlock = await acquireDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    return {
      pglite,
      release: async () => {
        await pglite.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw new ConfigurationError(
      `DATA_DIR ${dataDir}: the embedded database could not be opened (${(error as Error).message})`,
    );
  }
}
