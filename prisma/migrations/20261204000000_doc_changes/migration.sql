-- Who changed what (issue #17): one row per record an accepted update touched, with the fields it
-- wrote and the user it is attributed to. Kept apart from the update log, so compaction and rebase
-- leave it alone.

-- CreateTable
CREATE TABLE "doc_changes" (
    "id" BIGSERIAL NOT NULL,
    "doc_name" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fields" TEXT[] NOT NULL,
    "user_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "doc_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "doc_changes_doc_name_record_id_id_idx" ON "doc_changes"("doc_name", "record_id", "id");

-- CreateIndex
CREATE INDEX "doc_changes_doc_name_id_idx" ON "doc_changes"("doc_name", "id");
