-- DropIndex
DROP INDEX "Request_bucketId_externalId_key";

-- CreateIndex
CREATE UNIQUE INDEX "Request_environmentId_bucketId_externalId_key" ON "Request"("environmentId", "bucketId", "externalId");
