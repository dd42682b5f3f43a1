-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "principalKind" TEXT NOT NULL,
    "principalName" TEXT NOT NULL,
    "tokenId" TEXT,
    "accountId" TEXT,
    "environmentId" TEXT,
    "clientAddress" TEXT,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT NOT NULL,
    "errorMessage" TEXT,
    "arguments" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_id_idx" ON "AuditEntry"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEntry_tokenId_at_idx" ON "AuditEntry"("tokenId", "at" DESC);
