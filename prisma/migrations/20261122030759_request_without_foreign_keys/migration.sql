-- Captured requests keep their account, environment and bucket ids without foreign keys: ingest resolves
-- them before storing, and the per-row key checks were a large share of each batch's database work.

-- DropForeignKey
ALTER TABLE "Request" DROP CONSTRAINT "Request_accountId_fkey";

-- DropForeignKey
ALTER TABLE "Request" DROP CONSTRAINT "Request_bucketId_fkey";

-- DropForeignKey
ALTER TABLE "Request" DROP CONSTRAINT "Request_environmentId_fkey";
