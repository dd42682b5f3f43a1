-- RouteRollup keeps per-bucket rows only: reads of all buckets sum them, so the environment-wide rows
-- (bucket '*') ingest used to write beside them are no longer read or written. Deleted here rather than
-- left for retention, so no read has to step around them.
DELETE FROM "RouteRollup" WHERE "bucketId" = '*';
