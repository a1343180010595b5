import type { PrismaClient } from './generated/client';
import { assetWrites, checkAssets, isAssetHash, type AssetInput, type AssetStore, type StoredAsset } from './assetStore';

/** Assets read per statement by {@link PrismaAssetStore.getAssets}. */
const READ_BATCH = 200;

/**
 * {@link AssetStore} on Prisma (table `assets`, Postgres or the embedded PGlite server). A put is
 * one `INSERT ... ON CONFLICT DO NOTHING` per write statement, every asset's bytes packed into one
 * bytea parameter (as the document store packs updates: two parameters whatever the count).
 */
export class PrismaAssetStore implements AssetStore {
  constructor(private readonly prisma: PrismaClient) {}

  async putAssets(assets: readonly AssetInput[]): Promise<{ stored: number }> {
    let stored = 0;
    for (const write of assetWrites(checkAssets(assets))) {
      const rows: [string, string, number, number][] = [];
      const total = write.reduce((n, a) => n + a.bytes.byteLength, 0);
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const asset of write) {
        rows.push([asset.hash, asset.contentType, offset + 1, asset.bytes.byteLength]);
        bytes.set(asset.bytes, offset);
        offset += asset.bytes.byteLength;
      }
      stored += await this.prisma.$executeRaw`
        INSERT INTO "assets" ("sha256", "bytes", "content_type", "size")
        SELECT e->>0, substring(${bytes}::bytea FROM (e->>2)::int4 FOR (e->>3)::int4), e->>1, (e->>3)::int4
        FROM json_array_elements(${JSON.stringify(rows)}::json) AS t(e)
        ON CONFLICT ("sha256") DO NOTHING`;
    }
    return { stored };
  }

  async getAsset(hash: string): Promise<StoredAsset | null> {
    if (!isAssetHash(hash)) return null;
    const row = await this.prisma.asset.findUnique({ where: { sha256: hash } });
    if (!row) return null;
    return { hash: row.sha256, bytes: new Uint8Array(row.bytes), contentType: row.contentType, size: row.size };
  }

  async getAssets(hashes: readonly string[]): Promise<Map<string, StoredAsset>> {
    const wanted = [...new Set(hashes.filter(isAssetHash))];
    const found = new Map<string, StoredAsset>();
    // In reads of a bounded number of rows (one statement's answer is held in memory whole).
    for (let i = 0; i < wanted.length; i += READ_BATCH) {
      const rows = await this.prisma.asset.findMany({ where: { sha256: { in: wanted.slice(i, i + READ_BATCH) } } });
      for (const row of rows) found.set(row.sha256, { hash: row.sha256, bytes: new Uint8Array(row.bytes), contentType: row.contentType, size: row.size });
    }
    return found;
  }

  async hasAssets(hashes: readonly string[]): Promise<Set<string>> {
    const wanted = [...new Set(hashes.filter(isAssetHash))];
    if (wanted.length === 0) return new Set();
    const rows = await this.prisma.asset.findMany({ where: { sha256: { in: wanted } }, select: { sha256: true } });
    return new Set(rows.map((r) => r.sha256));
  }
}
