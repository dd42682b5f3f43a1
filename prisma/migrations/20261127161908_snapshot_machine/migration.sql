-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "machine" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Snapshot_accountId_machine_takenAt_idx" ON "Snapshot"("accountId", "machine", "takenAt" DESC);

-- Snapshots taken before machines were told apart: their hostname is the best source there is.
UPDATE "Snapshot" SET "machine" = coalesce("hostname", '') WHERE "machine" = '';
