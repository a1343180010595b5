-- Document lineages: rebasing a document without its Yjs history (issue #3; docs/DECISIONS.md 22).

-- AlterTable
ALTER TABLE "doc_snapshots" ADD COLUMN "lineage" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "doc_lineages" (
    "doc_name" TEXT NOT NULL,
    "lineage" INTEGER NOT NULL,
    "base_client" BIGINT,
    "final_state" BYTEA,
    "final_state_vector" BYTEA,
    "final_seq" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "doc_lineages_pkey" PRIMARY KEY ("doc_name","lineage")
);
