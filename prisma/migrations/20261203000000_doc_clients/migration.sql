-- Yjs client ids bound to the user that first wrote with them (issue #12; collab-server/SPEC.md rule 22).

-- CreateTable
CREATE TABLE "doc_clients" (
    "doc_name" TEXT NOT NULL,
    "client_id" BIGINT NOT NULL,
    "user_id" TEXT NOT NULL,
    "lineage" INTEGER NOT NULL DEFAULT 0,
    "clock" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "doc_clients_pkey" PRIMARY KEY ("doc_name","client_id")
);
