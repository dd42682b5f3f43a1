/**
 * What ingest wrote beside the bucket rows before route rollups became per bucket only, and what an older
 * instance still writes during a rolling deploy: each route's rows of every bucket summed under '*'.
 */
export const INSERT_ENVIRONMENT_WIDE_ROUTE_ROWS = `
INSERT INTO "RouteRollup" ("environmentId", "bucketId", "period", "periodStart", "method", "route", "count", "status4xx", "status5xx",
  "durationSum", "durationMin", "durationMax", "counts")
SELECT "environmentId", '*', "period", "periodStart", "method", "route", sum("count")::int, sum("status4xx")::int, sum("status5xx")::int,
  sum("durationSum"), min("durationMin"), max("durationMax"), max("counts")
FROM "RouteRollup" GROUP BY 1, 3, 4, 5, 6`;

export const DELETE_ENVIRONMENT_WIDE_ROUTE_ROWS = `DELETE FROM "RouteRollup" WHERE "bucketId" = '*'`;
