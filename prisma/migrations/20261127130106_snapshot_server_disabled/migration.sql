-- AlterTable
ALTER TABLE "SnapshotServer" ADD COLUMN     "disabled" BOOLEAN NOT NULL DEFAULT false;
