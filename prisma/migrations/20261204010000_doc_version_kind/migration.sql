-- Versions (issue #17): named by a person, or saved automatically (before an import, a restore, a
-- revert; daily when the building changed); with what changed since the version before it.

-- AlterTable
ALTER TABLE "doc_versions" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'named';
ALTER TABLE "doc_versions" ADD COLUMN "summary" JSONB;
