import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMeshAsset } from '@/lib/ifc/meshAsset';
import { readIfc } from '@/lib/ifc/read';
import type { IfcImport } from '@/lib/ifc/types';
import { writeIfcReport, type WriteIfcReport } from '@/lib/ifc/write';
import { createMeta, polygonArea, type BuildingSnapshot, type Element, type ElementKind, type Opening, type Space, type Wall } from '@/lib/model';

/**
 * IFC → ArxOS → IFC → ArxOS: what the reader takes out of a sample, the writer puts back so that
 * the reader takes the same building out of the export (storeys, walls, openings and their hosts,
 * spaces, by GlobalId), and objects keep their meshes. A missing sample fails the test (never a skip).
 */
const SAMPLES = ['AC20-FZK-Haus.ifc', 'duplex.ifc', 'IfcOpenHouse_IFC4.ifc'] as const;
/** Where the samples are: `shared/ifc` beside the repository (as for the reader's tests), or test/fixtures/ifc. */
const SAMPLE_DIRS = [fileURLToPath(new URL('../../../../shared/ifc/', import.meta.url)), path.resolve('test/fixtures/ifc')];

function samplePath(name: string): string {
  const found = SAMPLE_DIRS.map((dir) => path.join(dir, name)).find((p) => existsSync(p));
  if (!found) throw new Error(`the IFC sample ${name} is in none of ${SAMPLE_DIRS.join(', ')}`);
  return found;
}

const byId = <T extends { id: string }>(records: readonly T[]) => Object.fromEntries(records.map((r) => [r.id, r]));

/** A building document made of an import, as the app would store it. */
function snapshotOf(imported: IfcImport): BuildingSnapshot {
  const meta = createMeta({ name: imported.project.building || imported.project.name || 'Imported', createdAt: '2026-01-01T00:00:00.000Z' });
  if (!meta.ok) throw new Error(meta.error.message);
  return { meta: meta.value, storeys: byId(imported.storeys), elements: byId(imported.elements), connections: {} };
}

const ofKind = <K extends ElementKind>(imported: IfcImport, kind: K) => imported.elements.filter((e): e is Extract<Element, { kind: K }> => e.kind === kind);
const byGlobalId = <T extends Element>(elements: readonly T[]) => new Map(elements.map((e) => [e.ifc!.globalId, e]));
const length = (w: Wall) => Math.hypot(w.b[0] - w.a[0], w.b[1] - w.a[1]);
const MM = 0.001;

/** Bounds of a geometry asset, in the element's frame. */
function boundsOf(asset: Uint8Array): [number[], number[]] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const part of decodeMeshAsset(asset).parts) {
    part.positions.forEach((v, i) => {
      lo[i % 3] = Math.min(lo[i % 3]!, v);
      hi[i % 3] = Math.max(hi[i % 3]!, v);
    });
  }
  return [lo, hi];
}

for (const name of SAMPLES) {
  const file = samplePath(name);
  describe(`round trip of ${name}`, () => {
    let first: IfcImport;
    let report: WriteIfcReport;
    let second: IfcImport;

    beforeAll(async () => {
      first = await readIfc(new Uint8Array(readFileSync(file!)));
      report = await writeIfcReport(snapshotOf(first), { assets: (hash) => first.assets.get(hash) });
      second = await readIfc(report.bytes);
    });

    it('exports every element it imported', () => {
      expect(ofKind(first, 'wall').length).toBeGreaterThan(0);
      expect(report.skipped).toEqual([]);
      expect(second.schema).toBe('IFC4');
    });

    it('keeps the storeys: count, names, elevations', () => {
      const view = (i: IfcImport) => i.storeys.map((s) => [s.name, Math.round(s.elevation * 1e6) / 1e6]);
      expect(view(second)).toEqual(view(first));
    });

    it('keeps spaces, walls, doors, windows, slabs, equipment and objects: counts, GlobalIds and names', () => {
      for (const kind of ['space', 'wall', 'door', 'window', 'slab', 'equipment', 'object'] as const) {
        const a = ofKind(first, kind);
        const b = ofKind(second, kind);
        expect(b.length, kind).toBe(a.length);
        expect(new Set(b.map((e) => e.ifc?.globalId)), kind).toEqual(new Set(a.map((e) => e.ifc?.globalId)));
        const names = byGlobalId(b);
        for (const e of a) expect(names.get(e.ifc!.globalId)?.name, `${kind} ${e.ifc!.globalId}`).toBe(e.name);
      }
    });

    it('hosts every door and window in the same wall or slab, in the same place', () => {
      const hostGuid = (i: IfcImport, o: Opening) => i.elements.find((e) => e.id === o.hostId)?.ifc?.globalId;
      const after = byGlobalId([...ofKind(second, 'door'), ...ofKind(second, 'window')]);
      for (const o of [...ofKind(first, 'door'), ...ofKind(first, 'window')]) {
        const again = after.get(o.ifc!.globalId)!;
        expect(hostGuid(second, again), o.name).toBe(hostGuid(first, o));
        expect(Math.abs(again.offset - o.offset), `${o.name} offset`).toBeLessThan(MM);
        expect(Math.abs(again.sill - o.sill), `${o.name} sill`).toBeLessThan(MM);
        expect(Math.abs(again.width - o.width), `${o.name} width`).toBeLessThan(MM);
        expect(Math.abs(again.height - o.height), `${o.name} height`).toBeLessThan(MM);
        // One in a slab (duplex's skylights) is placed by its position and turn, kept too.
        expect(again.position === undefined, `${o.name} placed`).toBe(o.position === undefined);
        if (o.position !== undefined) {
          for (const k of [0, 1, 2]) expect(Math.abs(again.position![k]! - o.position[k]!), `${o.name} position`).toBeLessThan(MM);
          expect(Math.abs(again.rotation! - o.rotation!), `${o.name} rotation`).toBeLessThan(1e-6);
        }
      }
    });

    it('keeps wall centre lines, lengths and thicknesses to the millimetre', () => {
      const after = byGlobalId(ofKind(second, 'wall'));
      for (const w of ofKind(first, 'wall')) {
        const again = after.get(w.ifc!.globalId)!;
        expect(Math.abs(length(again) - length(w)), `${w.name} length`).toBeLessThan(MM);
        expect(Math.abs(again.thickness - w.thickness), `${w.name} thickness`).toBeLessThan(MM);
        expect(Math.abs(again.height - w.height), `${w.name} height`).toBeLessThan(MM);
        expect(Math.hypot(again.a[0] - w.a[0], again.a[1] - w.a[1]), `${w.name} a`).toBeLessThan(MM);
        expect(Math.hypot(again.b[0] - w.b[0], again.b[1] - w.b[1]), `${w.name} b`).toBeLessThan(MM);
      }
    });

    it('keeps space areas within 1 %, and their numbers and names', () => {
      const after = byGlobalId(ofKind(second, 'space'));
      for (const s of ofKind(first, 'space')) {
        const again: Space = after.get(s.ifc!.globalId)!;
        expect(Math.abs(polygonArea(again.polygon) - polygonArea(s.polygon)) / polygonArea(s.polygon), s.name).toBeLessThan(0.01);
        expect([again.number, again.name, again.usage]).toEqual([s.number, s.name, s.usage]);
      }
    });

    it('keeps the mesh of every object and piece of equipment, in place to the centimetre', () => {
      const after = byGlobalId([...ofKind(second, 'object'), ...ofKind(second, 'equipment')]);
      for (const e of [...ofKind(first, 'object'), ...ofKind(first, 'equipment')]) {
        if (e.asset === undefined) continue;
        const again = after.get(e.ifc!.globalId)!;
        expect(Math.hypot(...again.position.map((v, i) => v - e.position[i]!)), `${e.name} position`).toBeLessThan(MM);
        const [lo, hi] = boundsOf(first.assets.get(e.asset)!);
        const [lo2, hi2] = boundsOf(second.assets.get(again.asset!)!);
        for (let c = 0; c < 3; c++) {
          expect(Math.abs(lo2[c]! - lo[c]!), `${e.name} min ${c}`).toBeLessThan(0.01);
          expect(Math.abs(hi2[c]! - hi[c]!), `${e.name} max ${c}`).toBeLessThan(0.01);
        }
      }
    });
  });
}
