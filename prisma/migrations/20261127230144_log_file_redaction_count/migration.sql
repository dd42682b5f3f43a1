-- AlterTable
ALTER TABLE "SnapshotLogFile" ADD COLUMN     "redactedCount" INTEGER NOT NULL DEFAULT 0;

-- Rows stored before the count was kept: a placeholder in the path is the best evidence there is of a
-- redaction (the text search this column replaces), counted once per path.
UPDATE "SnapshotLogFile" SET "redactedCount" = 1 WHERE strpos("path", '[REDACTED_') > 0;
