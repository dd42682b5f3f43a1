-- DropIndex
DROP INDEX "Request_environmentId_status_timestamp_idx";
