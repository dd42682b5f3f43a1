-- Quarters compaction left unbuilt (more routes than ROUTES_PER_CELL), with the count they had: without it
-- each such quarter stayed stale, was read raw again every tick and took the place of older buildable ones.
CREATE TABLE "RouteQuarterSkip" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RouteQuarterSkip_pkey" PRIMARY KEY ("environmentId","periodStart","bucketId")
);
