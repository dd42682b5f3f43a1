-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "createsBucketsOnFirstSight" BOOLEAN NOT NULL DEFAULT false;
