-- Error rollups gain a one-minute level (ERROR_PERIODS = 60, 3600, 86400). New rows get it at ingest;
-- this fills it in for the rows already stored, per bucket and environment-wide (bucket '*').
INSERT INTO "ErrorRollup" ("environmentId", "bucketId", "period", "periodStart", "method", "route", "status", "count")
SELECT env, CASE WHEN grouping(bucket) = 1 THEN '*' ELSE bucket END, 60, start, method, route, status, count(*)
FROM (
  SELECT "environmentId" AS env, "bucketId" AS bucket, to_timestamp(floor(extract(epoch FROM "timestamp") / 60) * 60) AS start,
    "method" AS method, "route" AS route, "status" AS status
  FROM "Request"
  WHERE "status" >= 400
) AS errors
GROUP BY GROUPING SETS ((env, bucket, start, method, route, status), (env, start, method, route, status))
ON CONFLICT ("environmentId", "period", "periodStart", "bucketId", "method", "route", "status") DO NOTHING;
