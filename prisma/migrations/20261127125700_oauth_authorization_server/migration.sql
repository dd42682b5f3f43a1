-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "oauthClientId" TEXT,
ADD COLUMN     "oauthGrantId" TEXT;

-- CreateTable
CREATE TABLE "OAuthPayload" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "consumedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OAuthPayload_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "OAuthPayload_grantId_idx" ON "OAuthPayload"("grantId");

-- CreateIndex
CREATE INDEX "OAuthPayload_uid_idx" ON "OAuthPayload"("uid");

-- CreateIndex
CREATE INDEX "OAuthPayload_userCode_idx" ON "OAuthPayload"("userCode");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_oauthGrantId_key" ON "AccessToken"("oauthGrantId");
