-- RouteRollup keeps per-bucket rows only: reads of all buckets sum them (and skip '*' rows, which an older
-- instance may still write during a rolling deploy), so the environment-wide rows ingest used to write are
-- dead weight. One DELETE at startup is affordable because the table grows with routes x periods x buckets,
-- not with requests: at most ROUTES_PER_CELL (500) '*' rows per environment and hour or day, and in practice
-- the few dozen routes an API has. Its rows go back at most to the raw retention the route_rollups migration
-- backfilled from (90 days by default: about 2,250 hour and day cells), the same rows that migration already
-- aggregated and inserted in one statement, and deleting them costs less than building them did.
DELETE FROM "RouteRollup" WHERE "bucketId" = '*';
