-- Latency histograms become one row per cell (environment, bucket, period, start) holding an array of bin
-- counts whose lower bound is its first bin, instead of one row per (cell, bin): a batch at ingest writes
-- a few rows instead of one per bin touched, and a 24-hour read gets 24 rows however dense the traffic.

-- Cell b added into cell a, bin by bin; each may start and end at any bin. NULL is the empty cell, so this
-- also serves as the state function of latency_counts_sum.
CREATE FUNCTION latency_counts_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  lo INTEGER;
  hi INTEGER;
  sum INTEGER[];
BEGIN
  IF a IS NULL THEN RETURN b; END IF;
  IF b IS NULL THEN RETURN a; END IF;
  lo := least(array_lower(a, 1), array_lower(b, 1));
  hi := greatest(array_upper(a, 1), array_upper(b, 1));
  IF lo = array_lower(a, 1) AND hi = array_upper(a, 1) THEN
    sum := a;
  ELSE
    sum := array_fill(0, ARRAY[hi - lo + 1], ARRAY[lo]);
    FOR k IN array_lower(a, 1)..array_upper(a, 1) LOOP sum[k] := a[k]; END LOOP;
  END IF;
  FOR k IN array_lower(b, 1)..array_upper(b, 1) LOOP sum[k] := sum[k] + b[k]; END LOOP;
  RETURN sum;
END $$;

CREATE AGGREGATE latency_counts_sum(INTEGER[]) (SFUNC = latency_counts_add, STYPE = INTEGER[]);

-- One cell from parallel arrays of bins and their counts (bins need not be sorted or distinct).
CREATE FUNCTION latency_counts_of(bins INTEGER[], counts BIGINT[]) RETURNS INTEGER[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  lo INTEGER;
  hi INTEGER;
  cell INTEGER[];
BEGIN
  SELECT min(bin), max(bin) INTO lo, hi FROM unnest(bins) AS bin;
  IF lo IS NULL THEN RETURN NULL; END IF;
  cell := array_fill(0, ARRAY[hi - lo + 1], ARRAY[lo]);
  FOR i IN 1..cardinality(bins) LOOP cell[bins[i]] := cell[bins[i]] + counts[i]; END LOOP;
  RETURN cell;
END $$;

ALTER TABLE "LatencyHistogram" RENAME TO "LatencyHistogramBin";
ALTER INDEX "LatencyHistogram_pkey" RENAME TO "LatencyHistogramBin_pkey";

CREATE TABLE "LatencyHistogram" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "counts" INTEGER[],

    CONSTRAINT "LatencyHistogram_pkey" PRIMARY KEY ("environmentId", "period", "periodStart", "bucketId")
);

INSERT INTO "LatencyHistogram" ("environmentId", "bucketId", "period", "periodStart", "counts")
SELECT "environmentId", "bucketId", "period", "periodStart", latency_counts_of(array_agg("bin"::INTEGER), array_agg("count"::BIGINT))
FROM "LatencyHistogramBin"
GROUP BY 1, 2, 3, 4;

DROP TABLE "LatencyHistogramBin";
