-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "route" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "RequestRollup" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "status1xx" INTEGER NOT NULL DEFAULT 0,
    "status2xx" INTEGER NOT NULL,
    "status3xx" INTEGER NOT NULL,
    "status4xx" INTEGER NOT NULL,
    "status5xx" INTEGER NOT NULL,
    "blocked" INTEGER NOT NULL,
    "durationSum" DOUBLE PRECISION NOT NULL,
    "durationMin" DOUBLE PRECISION NOT NULL,
    "durationMax" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RequestRollup_pkey" PRIMARY KEY ("environmentId","period","periodStart","bucketId")
);

-- CreateTable
CREATE TABLE "LatencyHistogram" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "bin" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "LatencyHistogram_pkey" PRIMARY KEY ("environmentId","period","periodStart","bucketId","bin")
);

-- CreateTable
CREATE TABLE "ErrorRollup" (
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ErrorRollup_pkey" PRIMARY KEY ("environmentId","period","periodStart","bucketId","method","route","status")
);
