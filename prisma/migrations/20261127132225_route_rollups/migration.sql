-- Route rollups: requests per (environment, bucket, hour or day, method, route) with a latency histogram
-- cell, so endpoints reads rows that grow with routes and range length, not with requests stored.
CREATE TABLE "RouteRollup" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "status4xx" INTEGER NOT NULL,
    "status5xx" INTEGER NOT NULL,
    "durationSum" DOUBLE PRECISION NOT NULL,
    "counts" INTEGER[],

    CONSTRAINT "RouteRollup_pkey" PRIMARY KEY ("environmentId","period","periodStart","bucketId","method","route")
);

-- Filled in for the rows already stored, per bucket and environment-wide (bucket '*'), with the bins of
-- latency-bins.ts (ratio 1.04). New rows are added at ingest, where the per-cell route bound applies.
INSERT INTO "RouteRollup" ("environmentId", "bucketId", "period", "periodStart", "method", "route", "count", "status4xx", "status5xx", "durationSum", "counts")
SELECT env, CASE WHEN grouping(bucket) = 1 THEN '*' ELSE bucket END, period, start, method, route,
  sum(n)::int, sum(s4)::int, sum(s5)::int, sum(dsum), latency_counts_of(array_agg(bin), array_agg(n)::bigint[])
FROM (
  SELECT "environmentId" AS env, "bucketId" AS bucket, p.period, to_timestamp(floor(extract(epoch FROM "timestamp") / p.period) * p.period) AS start,
    "method" AS method, "route" AS route, ceil(ln(greatest("durationMs", 0.001)) / ln(1.04))::int AS bin, count(*) AS n,
    count(*) FILTER (WHERE "status" BETWEEN 400 AND 499) AS s4, count(*) FILTER (WHERE "status" >= 500) AS s5, sum("durationMs") AS dsum
  FROM "Request" CROSS JOIN (VALUES (3600), (86400)) AS p(period)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) AS per_bin
GROUP BY GROUPING SETS ((env, bucket, period, start, method, route), (env, period, start, method, route));
