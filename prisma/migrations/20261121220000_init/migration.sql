-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('deployment', 'incident', 'config_change', 'other');

-- CreateEnum
CREATE TYPE "RedactionTarget" AS ENUM ('header', 'query_param', 'body_field', 'body_pattern');

-- CreateEnum
CREATE TYPE "MaskStyle" AS ENUM ('placeholder', 'partial', 'hash');

-- CreateEnum
CREATE TYPE "PatternKind" AS ENUM ('glob', 'regex');

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Environment" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Environment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bucket" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bucket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Request" (
    "id" BIGSERIAL NOT NULL,
    "publicId" TEXT NOT NULL,
    "externalId" TEXT,
    "accountId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "method" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT,
    "status" INTEGER NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "requestHeaders" JSONB NOT NULL DEFAULT '{}',
    "requestBody" TEXT,
    "requestBodyTruncated" BOOLEAN NOT NULL DEFAULT false,
    "requestSize" INTEGER NOT NULL DEFAULT 0,
    "responseHeaders" JSONB NOT NULL DEFAULT '{}',
    "responseBody" TEXT,
    "responseBodyTruncated" BOOLEAN NOT NULL DEFAULT false,
    "responseSize" INTEGER NOT NULL DEFAULT 0,
    "clientIp" TEXT,
    "userAgent" TEXT,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "blockedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT,
    "type" "EventType" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "version" TEXT,
    "source" TEXT,
    "url" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RedactionRule" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" "RedactionTarget" NOT NULL,
    "selector" TEXT NOT NULL,
    "maskStyle" "MaskStyle" NOT NULL DEFAULT 'placeholder',
    "placeholder" TEXT NOT NULL DEFAULT '[REDACTED]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "hitCount" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RedactionRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExclusionRule" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "method" TEXT,
    "host" TEXT,
    "pathPattern" TEXT,
    "pathPatternKind" "PatternKind" NOT NULL DEFAULT 'glob',
    "userAgentContains" TEXT,
    "status" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "hitCount" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExclusionRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "allBuckets" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServerSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "label" TEXT,
    "hostname" TEXT,
    "platform" TEXT,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotConfigFile" (
    "id" SERIAL NOT NULL,
    "snapshotId" INTEGER NOT NULL,
    "client" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "filePath" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'global',
    "status" TEXT NOT NULL,
    "error" TEXT,
    "serverCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SnapshotConfigFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotServer" (
    "id" SERIAL NOT NULL,
    "snapshotId" INTEGER NOT NULL,
    "configFileId" INTEGER NOT NULL,
    "serverName" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "command" TEXT,
    "args" JSONB,
    "env" JSONB,
    "workingDirectory" TEXT,
    "url" TEXT,
    "headers" JSONB,
    "secretFingerprints" JSONB,
    "redactedCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SnapshotServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotLogFile" (
    "id" SERIAL NOT NULL,
    "snapshotId" INTEGER NOT NULL,
    "serverId" INTEGER,
    "path" TEXT NOT NULL,
    "sizeBytes" INTEGER,
    "modifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SnapshotLogFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_RedactionRuleBuckets" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_RedactionRuleBuckets_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_ExclusionRuleBuckets" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ExclusionRuleBuckets_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_AccessTokenBuckets" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_AccessTokenBuckets_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Environment_accountId_name_key" ON "Environment"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Bucket_accountId_name_key" ON "Bucket"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Request_publicId_key" ON "Request"("publicId");

-- CreateIndex
CREATE INDEX "Request_environmentId_timestamp_id_idx" ON "Request"("environmentId", "timestamp" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Request_environmentId_bucketId_timestamp_id_idx" ON "Request"("environmentId", "bucketId", "timestamp" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Request_environmentId_status_timestamp_idx" ON "Request"("environmentId", "status", "timestamp" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Request_bucketId_externalId_key" ON "Request"("bucketId", "externalId");

-- CreateIndex
CREATE INDEX "Event_environmentId_startedAt_idx" ON "Event"("environmentId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "RedactionRule_accountId_idx" ON "RedactionRule"("accountId");

-- CreateIndex
CREATE INDEX "ExclusionRule_accountId_idx" ON "ExclusionRule"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_secretHash_key" ON "AccessToken"("secretHash");

-- CreateIndex
CREATE INDEX "AccessToken_accountId_idx" ON "AccessToken"("accountId");

-- CreateIndex
CREATE INDEX "Snapshot_accountId_takenAt_idx" ON "Snapshot"("accountId", "takenAt" DESC);

-- CreateIndex
CREATE INDEX "SnapshotConfigFile_snapshotId_idx" ON "SnapshotConfigFile"("snapshotId");

-- CreateIndex
CREATE INDEX "SnapshotServer_snapshotId_idx" ON "SnapshotServer"("snapshotId");

-- CreateIndex
CREATE INDEX "SnapshotServer_serverName_idx" ON "SnapshotServer"("serverName");

-- CreateIndex
CREATE INDEX "SnapshotLogFile_snapshotId_idx" ON "SnapshotLogFile"("snapshotId");

-- CreateIndex
CREATE INDEX "SnapshotLogFile_serverId_idx" ON "SnapshotLogFile"("serverId");

-- CreateIndex
CREATE INDEX "_RedactionRuleBuckets_B_index" ON "_RedactionRuleBuckets"("B");

-- CreateIndex
CREATE INDEX "_ExclusionRuleBuckets_B_index" ON "_ExclusionRuleBuckets"("B");

-- CreateIndex
CREATE INDEX "_AccessTokenBuckets_B_index" ON "_AccessTokenBuckets"("B");

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bucket" ADD CONSTRAINT "Bucket_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_bucketId_fkey" FOREIGN KEY ("bucketId") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_bucketId_fkey" FOREIGN KEY ("bucketId") REFERENCES "Bucket"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RedactionRule" ADD CONSTRAINT "RedactionRule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExclusionRule" ADD CONSTRAINT "ExclusionRule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotConfigFile" ADD CONSTRAINT "SnapshotConfigFile_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotServer" ADD CONSTRAINT "SnapshotServer_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotServer" ADD CONSTRAINT "SnapshotServer_configFileId_fkey" FOREIGN KEY ("configFileId") REFERENCES "SnapshotConfigFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotLogFile" ADD CONSTRAINT "SnapshotLogFile_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotLogFile" ADD CONSTRAINT "SnapshotLogFile_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "SnapshotServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RedactionRuleBuckets" ADD CONSTRAINT "_RedactionRuleBuckets_A_fkey" FOREIGN KEY ("A") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RedactionRuleBuckets" ADD CONSTRAINT "_RedactionRuleBuckets_B_fkey" FOREIGN KEY ("B") REFERENCES "RedactionRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ExclusionRuleBuckets" ADD CONSTRAINT "_ExclusionRuleBuckets_A_fkey" FOREIGN KEY ("A") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ExclusionRuleBuckets" ADD CONSTRAINT "_ExclusionRuleBuckets_B_fkey" FOREIGN KEY ("B") REFERENCES "ExclusionRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AccessTokenBuckets" ADD CONSTRAINT "_AccessTokenBuckets_A_fkey" FOREIGN KEY ("A") REFERENCES "AccessToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AccessTokenBuckets" ADD CONSTRAINT "_AccessTokenBuckets_B_fkey" FOREIGN KEY ("B") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

