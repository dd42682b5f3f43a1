-- AlterTable
ALTER TABLE "RouteRollup" ADD COLUMN     "durationMax" DOUBLE PRECISION,
ADD COLUMN     "durationMin" DOUBLE PRECISION;

-- Filled in from the rows still stored, per bucket and environment-wide (bucket '*'), so filtered response
-- times can read route rollups and still report exact min and max. Rows whose raw requests retention already
-- deleted stay null; ingest writes both on every row from now on.
UPDATE "RouteRollup" AS rr SET "durationMin" = x.dmin, "durationMax" = x.dmax
FROM (
  SELECT env, CASE WHEN grouping(bucket) = 1 THEN '*' ELSE bucket END AS bucket, period, start, method, route,
    min(dmin) AS dmin, max(dmax) AS dmax
  FROM (
    SELECT "environmentId" AS env, "bucketId" AS bucket, p.period, to_timestamp(floor(extract(epoch FROM "timestamp") / p.period) * p.period) AS start,
      "method" AS method, "route" AS route, min("durationMs") AS dmin, max("durationMs") AS dmax
    FROM "Request" CROSS JOIN (VALUES (3600), (86400)) AS p(period)
    GROUP BY 1, 2, 3, 4, 5, 6
  ) AS per_bucket
  GROUP BY GROUPING SETS ((env, bucket, period, start, method, route), (env, period, start, method, route))
) AS x
WHERE rr."environmentId" = x.env AND rr."bucketId" = x.bucket AND rr."period" = x.period AND rr."periodStart" = x.start
  AND rr."method" = x.method AND rr."route" = x.route;
