-- CreateTable
CREATE TABLE "RedactionRuleHits" (
    "ruleId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "RedactionRuleHits_pkey" PRIMARY KEY ("ruleId","environmentId","bucketId")
);

-- CreateTable
CREATE TABLE "ExclusionRuleHits" (
    "ruleId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "bucketId" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ExclusionRuleHits_pkey" PRIMARY KEY ("ruleId","environmentId","bucketId")
);

-- AddForeignKey
ALTER TABLE "RedactionRuleHits" ADD CONSTRAINT "RedactionRuleHits_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RedactionRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RedactionRuleHits" ADD CONSTRAINT "RedactionRuleHits_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RedactionRuleHits" ADD CONSTRAINT "RedactionRuleHits_bucketId_fkey" FOREIGN KEY ("bucketId") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExclusionRuleHits" ADD CONSTRAINT "ExclusionRuleHits_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "ExclusionRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExclusionRuleHits" ADD CONSTRAINT "ExclusionRuleHits_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExclusionRuleHits" ADD CONSTRAINT "ExclusionRuleHits_bucketId_fkey" FOREIGN KEY ("bucketId") REFERENCES "Bucket"("id") ON DELETE CASCADE ON UPDATE CASCADE;
