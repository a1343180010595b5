/**
 * The IFC reader on real files written by ArchiCAD (AC20-FZK-Haus, IFC4), Revit (duplex, IFC2X3)
 * and IfcOpenShell (IfcOpenHouse, IFC4 in millimetres). Counts are those of shared/ifc/SOURCES.md
 * and notes/ifc.md 1.4. Each file is read once and shared by the tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readIfc } from '@/lib/ifc/read';
import { decodeMeshAsset } from '@/lib/ifc/meshAsset';
import type { IfcImport, ImportProgress } from '@/lib/ifc/types';
import { polygonArea, wallLength } from '@/lib/model';
import { expectSound, ofKind, sample } from './readHelpers';

interface Run {
  readonly result: IfcImport;
  readonly ms: number;
  readonly progress: ImportProgress[];
}

const FILES = { fzk: 'AC20-FZK-Haus.ifc', duplex: 'duplex.ifc', house: 'IfcOpenHouse_IFC4.ifc' } as const;
const runs = {} as Record<keyof typeof FILES, Run>;

beforeAll(async () => {
  for (const [key, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const progress: ImportProgress[] = [];
    const started = performance.now();
    const result = await readIfc(sample(file), { onProgress: (p) => progress.push(p) });
    runs[key] = { result, ms: performance.now() - started, progress };
  }
});

const warningsOf = (result: IfcImport, code: string) => result.warnings.filter((w) => w.code === code);

describe('readIfc: AC20-FZK-Haus (ArchiCAD, IFC4)', () => {
  it('reads 2 storeys at 0 and 2.7 m, with their names, the first 2.7 m tall', () => {
    const { storeys } = runs.fzk.result;
    expect(storeys.map((s) => [s.name, s.elevation, s.order])).toEqual([
      ['Erdgeschoss', 0, 0],
      ['Dachgeschoss', 2.7, 1],
    ]);
    expect(storeys[0]!.height).toBe(2.7);
  });

  it('reads 7 spaces numbered by Name and named by LongName, 6 downstairs and the gallery upstairs', () => {
    const { result } = runs.fzk;
    const spaces = ofKind(result, 'space');
    expect(spaces.map((s) => [s.number, s.name]).sort()).toEqual([
      ['1', 'Flur'],
      ['2', 'Buero'],
      ['3', 'Bad'],
      ['4', 'Schlafzimmer'],
      ['5', 'Wohnen'],
      ['6', 'Küche'],
      ['7', 'Galerie'],
    ]);
    const upstairs = result.storeys[1]!.id;
    expect(spaces.filter((s) => s.storeyId === upstairs).map((s) => s.name)).toEqual(['Galerie']);
  });

  it('outlines every space with the area the file states (BaseQuantities.GrossFloorArea, within 3 %)', () => {
    for (const space of ofKind(runs.fzk.result, 'space')) {
      const stated = space.props['BaseQuantities.GrossFloorArea'];
      expect(typeof stated).toBe('number');
      expect(Math.abs(polygonArea(space.polygon) - (stated as number)) / (stated as number)).toBeLessThan(0.03);
    }
  });

  it('reads 13 walls, 5 doors, 11 windows and 4 slabs', () => {
    expect(runs.fzk.result.counts).toMatchObject({ wall: 13, door: 5, window: 11, slab: 4, space: 7, storeys: 2 });
  });

  it('puts a wall on its centre line, with its layer thickness and extrusion height, and keeps its GlobalId and type', () => {
    const wall = ofKind(runs.fzk.result, 'wall').find((w) => w.name === 'Wand-Int-ERDG-4')!;
    expect(wall.a[0]).toBeCloseTo(7.41, 6);
    expect(wall.a[1]).toBeCloseTo(4.13, 6);
    expect(wall.b[0]).toBeCloseTo(12, 6);
    expect(wall.b[1]).toBeCloseTo(4.13, 6);
    expect(wall.thickness).toBeCloseTo(0.24, 9);
    expect(wall.height).toBeCloseTo(2.5, 9);
    expect(wall.ifc).toEqual({ globalId: '2XPyKWY018sA1ygZKgQPtU', type: 'IfcWallStandardCase' });
    expect(wall.props).toMatchObject({ 'Pset_WallCommon.ThermalTransmittance': 1.5, 'BaseQuantities.Width': 0.24 });
  });

  it('hosts all 16 doors and windows in walls of the import, fitting them (lib/model checks pass)', () => {
    const { result } = runs.fzk;
    const walls = new Set(ofKind(result, 'wall').map((w) => w.id));
    const openings = [...ofKind(result, 'door'), ...ofKind(result, 'window')];
    expect(openings).toHaveLength(16);
    expect(openings.filter((o) => !walls.has(o.hostId))).toEqual([]);
    expect(warningsOf(result, 'clamped')).toEqual([]);
    expect(warningsOf(result, 'no_host')).toEqual([]);
    const front = ofKind(result, 'door').find((d) => d.name === 'Haustuer')!;
    expect([front.width, front.height, front.sill]).toEqual([1.01, 2.01, 0]);
  });

  it('imports the stair, railings, beams and members as objects with categories and shared assets', () => {
    const { result } = runs.fzk;
    const categories: Record<string, number> = {};
    for (const o of ofKind(result, 'object')) categories[o.category] = (categories[o.category] ?? 0) + 1;
    expect(categories).toEqual({ member: 42, beam: 4, railing: 2, stair: 1 });
    // 42 identical rafters share one asset: assets are content-addressed.
    expect(result.assets.size).toBeLessThan(ofKind(result, 'object').length);
  });

  it('passes every lib/model check', () => {
    expectSound(runs.fzk.result);
  });
});

describe('readIfc: duplex (Revit, IFC2X3)', () => {
  it('sorts the 4 storeys by elevation, rounding float noise to the millimetre', () => {
    expect(runs.duplex.result.storeys.map((s) => [s.name, s.elevation])).toEqual([
      ['T/FDN', -1.25],
      ['Level 1', 0],
      ['Level 2', 3.1],
      ['Roof', 6],
    ]);
    expect(runs.duplex.result.storeys.slice(0, 3).map((s) => s.height)).toEqual([1.25, 3.1, 2.9]);
  });

  it('reads 21 spaces, 57 walls, 14 doors, 24 windows and 21 slabs', () => {
    expect(runs.duplex.result.counts).toMatchObject({ space: 21, wall: 57, door: 14, window: 24, slab: 21, storeys: 4 });
  });

  it('puts the 2 roof windows in the roof’s slab, placed on their own at the centre of their mesh', () => {
    const { result } = runs.duplex;
    const skylights = ofKind(result, 'window').filter((w) => w.position !== undefined);
    expect(skylights.map((w) => w.ifc?.globalId).sort()).toEqual(['1Eo2$BaHX42AEkDvQQDocD', '1Eo2$BaHX42AEkDvQQDoy2']);
    const roofStorey = result.storeys.find((s) => s.name === 'Roof')!.id;
    for (const w of skylights) {
      // The IfcRoof (an assembly without a shape) voided in the file is its one slab part here.
      const host = result.elements.find((e) => e.id === w.hostId)!;
      expect(host.kind).toBe('slab');
      expect(host.props['Assembly.GlobalId']).toBe('0jf0rYHfX3RAB3bSIRjmxl');
      expect(w.storeyId).toBe(roofStorey);
      expect(w.asset).toMatch(/^[0-9a-f]{64}$/);
      // Its outline is its mesh's (1.17 × 1.22 m, the file's family name says 1180 × 1170 mm), not OverallHeight (0.63 m).
      expect(w.width).toBeCloseTo(1.1725, 3);
      expect(w.height).toBeCloseTo(1.2245, 3);
      expect(w.rotation).toBe(0);
      // Its asset is in its own frame: centred on its position, its bottom at z = 0.
      const mesh = decodeMeshAsset(result.assets.get(w.asset!)!);
      const xs = mesh.parts.flatMap((p) => [...p.positions].filter((_, i) => i % 3 === 0));
      const zs = mesh.parts.flatMap((p) => [...p.positions].filter((_, i) => i % 3 === 2));
      expect(Math.min(...xs) + Math.max(...xs)).toBeCloseTo(0, 3);
      expect(Math.min(...zs)).toBeCloseTo(0, 3);
    }
    expect(warningsOf(result, 'not_in_wall')).toHaveLength(0);
    expect(ofKind(result, 'object').filter((o) => o.category === 'skylight')).toHaveLength(0);
  });

  it('imports the 61 furnishing elements as furniture on the storey of their room', () => {
    const { result } = runs.duplex;
    const furniture = ofKind(result, 'object').filter((o) => o.category === 'furniture');
    expect(furniture).toHaveLength(61);
    const level2 = result.storeys.find((s) => s.name === 'Level 2')!.id;
    expect(furniture.filter((f) => f.storeyId === level2)).toHaveLength(20);
    // Heights are above their storey's floor: base units at 0, the upper kitchen cabinets at 1.4 m.
    expect(furniture.filter((f) => f.position[2] < -0.01 || f.position[2] > 2.5)).toEqual([]);
    expect(furniture.filter((f) => f.position[2] > 1.3).map((f) => f.name.split(':')[0])).toEqual(Array(8).fill('M_Upper Cabinet-Double Door-Wall'));
  });

  it('imports the parts of shapeless assemblies (stairs, roof), naming the assembly in their props', () => {
    const { result } = runs.duplex;
    const stairParts = result.elements.filter((e) => e.props['Assembly.Type'] === 'IfcStair');
    expect(stairParts.map((e) => e.ifc?.type).sort()).toEqual([...Array(4).fill('IfcMember'), ...Array(4).fill('IfcRailing'), 'IfcStairFlight', 'IfcStairFlight']);
    expect(new Set(stairParts.map((e) => e.props['Assembly.GlobalId'])).size).toBe(2);
    expect(result.elements.filter((e) => e.props['Assembly.Type'] === 'IfcRoof').map((e) => e.kind)).toEqual(['slab']);
    expect(result.elements.some((e) => e.ifc?.type === 'IfcStair' || e.ifc?.type === 'IfcRoof')).toBe(false);
  });

  it('outlines the two surface-model hallways by their floor, not their convex hull', () => {
    const hall = ofKind(runs.duplex.result, 'space').find((s) => s.number === 'A201')!;
    // Revit's own figure is 7.80 m² measured differently; its extruded rooms come out ~12 % under it too.
    expect(polygonArea(hall.polygon)).toBeGreaterThan(6.5);
    expect(polygonArea(hall.polygon)).toBeLessThan(7.3);
  });

  it('passes every lib/model check', () => {
    expectSound(runs.duplex.result);
  });
});

describe('readIfc: IfcOpenHouse (IfcOpenShell, IFC4 in millimetres)', () => {
  it('reads 4 walls, 1 door, 5 windows and 2 slabs, in metres', () => {
    const { result } = runs.house;
    expect(result.counts).toMatchObject({ wall: 4, door: 1, window: 5, slab: 2, storeys: 1 });
    for (const wall of ofKind(result, 'wall')) {
      expect(wall.thickness).toBeCloseTo(0.36, 9);
      expect(wallLength(wall)).toBeGreaterThan(1);
      expect(wallLength(wall)).toBeLessThan(20);
    }
    expect(result.storeys[0]).toMatchObject({ name: 'Level 1', elevation: 0 });
  });

  it('hosts the 5 windows without a host relation in the nearest wall, with a warning each', () => {
    const { result } = runs.house;
    const walls = new Set(ofKind(result, 'wall').map((w) => w.id));
    expect(ofKind(result, 'window').every((w) => walls.has(w.hostId) && w.sill > 0)).toBe(true);
    expect(warningsOf(result, 'no_host')).toHaveLength(5);
    expect(warningsOf(result, 'no_host')[0]!.message).toMatch(/^window #\d+ has no host relation; it was put in the nearest wall/);
  });

  it('falls back to the mesh for the sloped roof slabs, with a warning each', () => {
    expect(warningsOf(runs.house.result, 'slab_fallback')).toHaveLength(2);
  });

  it('passes every lib/model check', () => {
    expectSound(runs.house.result);
  });
});

describe('readIfc: progress and speed', () => {
  it('reports the reading phase, then the geometry phase up to its total', () => {
    for (const { progress } of Object.values(runs)) {
      const phases = progress.map((p) => p.phase);
      expect(phases.indexOf('geometry')).toBeGreaterThan(phases.lastIndexOf('reading'));
      const last = progress[progress.length - 1]!;
      expect(last.phase).toBe('geometry');
      expect(last.done).toBe(last.total);
      expect(last.total).toBeGreaterThan(0);
    }
  });

  it('reads the three files in a few seconds', () => {
    expect(runs.fzk.ms + runs.duplex.ms + runs.house.ms).toBeLessThan(15_000);
  });
});
