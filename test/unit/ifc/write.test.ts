import * as W from 'web-ifc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalIdOf, ifcGuidToUuid, isIfcGuid, uuidToIfcGuid } from '@/lib/ifc/guid';
import { encodeMeshAsset, type MeshPart } from '@/lib/ifc/meshAsset';
import { cubePart } from './meshFixtures';
import { readIfc } from '@/lib/ifc/read';
import { writeIfc, writeIfcReport } from '@/lib/ifc/write';
import { ifcClassOf } from '@/lib/ifc/writeProductClass';
import {
  createElement,
  createMeta,
  createStorey,
  CURRENT_SCHEMA_VERSION,
  metres,
  planPoint,
  radians,
  validateBuilding,
  worldPoint,
  type BuildingObject,
  type BuildingSnapshot,
  type Equipment,
  type Opening,
  type Element,
  type ElementInit,
  type ElementKind,
  type Storey,
} from '@/lib/model';
import { demoConnections, demoElements, demoMeta, demoStoreys } from '@/scripts/demoBuilding';

const byId = <T extends { id: string }>(records: readonly T[]) => Object.fromEntries(records.map((r) => [r.id, r]));

/** The seeded demo house (2 storeys, 12 walls, 6 spaces, 5 doors + 5 windows, 2 slabs, 15 equipment). */
function demoSnapshot(): BuildingSnapshot {
  const valid = validateBuilding({
    meta: { ...demoMeta, schemaVersion: CURRENT_SCHEMA_VERSION, units: 'm', createdAt: '2026-01-01T00:00:00.000Z' },
    storeys: byId(demoStoreys),
    elements: byId(demoElements),
    connections: byId(demoConnections),
  });
  if (!valid.ok) throw new Error(valid.error.message);
  return valid.value;
}

function make<K extends ElementKind>(kind: K, fields: ElementInit<K>): Element {
  const made = createElement(kind, fields);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

function storey({ elevation, height, ...rest }: Omit<Storey, 'elevation' | 'height'> & { elevation: number; height: number }): Storey {
  const made = createStorey({ ...rest, elevation: metres(elevation), height: metres(height) });
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

function snapshot(storeys: Storey[], elements: Element[], name = 'Test building'): BuildingSnapshot {
  const meta = createMeta({ name, createdAt: '2026-01-01T00:00:00.000Z' });
  if (!meta.ok) throw new Error(meta.error.message);
  return { meta: meta.value, storeys: byId(storeys), elements: byId(elements), connections: {} };
}

/** A cube standing on the element's origin. */
const cube = (size: number, color: [number, number, number, number]): MeshPart => cubePart(size, color, { onFloor: true });

// ---- a tiny reader of what the exporter writes ----------------------------------------------

let api: W.IfcAPI;
const open: number[] = [];

function openModel(bytes: Uint8Array): number {
  const id = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
  expect(id).toBeGreaterThanOrEqual(0);
  open.push(id);
  return id;
}

const ids = (m: number, type: number, inherited = false) => {
  const v = api.GetLineIDsWithType(m, type, inherited);
  return Array.from({ length: v.size() }, (_, i) => v.get(i));
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const line = (m: number, id: number): any => api.GetLine(m, id);
const count = (m: number, type: number, inherited = false) => ids(m, type, inherited).length;
const apply = (M: number[], x: number, y: number, z = 0) => [M[0]! * x + M[4]! * y + M[8]! * z + M[12]!, M[1]! * x + M[5]! * y + M[9]! * z + M[13]!, M[2]! * x + M[6]! * y + M[10]! * z + M[14]!];
const close = (a: readonly number[], b: readonly number[], eps = 1e-6) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < eps);

/** Walls as ArxOS sees them: a, b (centre line), thickness and height, by GlobalId. */
function readWalls(m: number) {
  const usage = new Map<number, { t: number; offset: number; sense: number }>();
  for (const rel of ids(m, W.IFCRELASSOCIATESMATERIAL)) {
    const r = line(m, rel);
    const u = line(m, r.RelatingMaterial.value);
    if (u.type !== W.IFCMATERIALLAYERSETUSAGE) continue;
    const set = line(m, u.ForLayerSet.value);
    const t = set.MaterialLayers.reduce((sum: number, h: { value: number }) => sum + line(m, h.value).LayerThickness.value, 0);
    for (const o of r.RelatedObjects) usage.set(o.value, { t, offset: u.OffsetFromReferenceLine.value, sense: u.DirectionSense.value === 'POSITIVE' ? 1 : -1 });
  }
  const walls = new Map<string, { name: string; a: number[]; b: number[]; thickness: number; height: number }>();
  for (const id of ids(m, W.IFCWALL)) {
    const wall = line(m, id);
    const M = api.GetWorldTransformMatrix(m, wall.ObjectPlacement.value);
    const reps = line(m, wall.Representation.value).Representations.map((h: { value: number }) => line(m, h.value));
    const axis = reps.find((r: { RepresentationIdentifier: { value: string } }) => r.RepresentationIdentifier.value === 'Axis');
    const body = reps.find((r: { RepresentationIdentifier: { value: string } }) => r.RepresentationIdentifier.value === 'Body');
    const points = line(m, axis.Items[0].value).Points.map((h: { value: number }) => line(m, h.value).Coordinates.map((c: { value: number }) => c.value));
    const u = usage.get(id)!;
    const shift = u.offset + (u.sense * u.t) / 2; // the centre line, on local +Y
    const a = apply(M, points[0][0], points[0][1] + shift);
    const b = apply(M, points[1][0], points[1][1] + shift);
    walls.set(wall.GlobalId.value, { name: wall.Name?.value ?? '', a: a.slice(0, 2), b: b.slice(0, 2), thickness: u.t, height: line(m, body.Items[0].value).Depth.value });
  }
  return walls;
}

/** Doors and windows as ArxOS sees them: host wall GlobalId, offset along the wall, sill, width, height. */
function readOpenings(m: number, walls: ReturnType<typeof readWalls>, elevation: (globalId: string) => number) {
  const hostOf = new Map<number, number>();
  for (const rel of ids(m, W.IFCRELVOIDSELEMENT)) {
    const r = line(m, rel);
    hostOf.set(r.RelatedOpeningElement.value, r.RelatingBuildingElement.value);
  }
  const out = new Map<string, { kind: string; host: string; offset: number; sill: number; width: number; height: number }>();
  for (const rel of ids(m, W.IFCRELFILLSELEMENT)) {
    const r = line(m, rel);
    const filling = line(m, r.RelatedBuildingElement.value);
    const host = line(m, hostOf.get(r.RelatingOpeningElement.value)!);
    const wall = walls.get(host.GlobalId.value)!;
    const M = api.GetWorldTransformMatrix(m, filling.ObjectPlacement.value);
    const [dx, dy] = [wall.b[0]! - wall.a[0]!, wall.b[1]! - wall.a[1]!];
    const length = Math.hypot(dx, dy);
    out.set(filling.GlobalId.value, {
      kind: filling.type === W.IFCDOOR ? 'door' : 'window',
      host: host.GlobalId.value,
      offset: ((M[12]! - wall.a[0]!) * dx + (M[13]! - wall.a[1]!) * dy) / length,
      sill: M[14]! - elevation(host.GlobalId.value),
      width: filling.OverallWidth.value,
      height: filling.OverallHeight.value,
    });
  }
  return out;
}

/** GlobalIds of every entity with one (IfcRoot), in file order. */
function globalIds(m: number): string[] {
  const out: string[] = [];
  for (const id of ids(m, W.IFCROOT, true)) out.push(line(m, id).GlobalId.value);
  return out;
}

beforeAll(async () => {
  api = new W.IfcAPI();
  await api.Init();
});

afterAll(() => {
  for (const id of open) api.CloseModel(id);
});

// ---- the tests -----------------------------------------------------------------------------

describe('writeIfc: the demo house', () => {
  const building = demoSnapshot();
  const now = new Date('2026-02-03T04:05:06Z');
  let bytes: Uint8Array;
  let m: number;
  let text: string;
  let skipped: { id: string; reason: string }[];

  beforeAll(async () => {
    const report = await writeIfcReport(building, { now });
    bytes = report.bytes;
    skipped = report.skipped;
    text = new TextDecoder().decode(bytes);
    m = openModel(bytes);
  });

  it('is an IFC4 STEP file that web-ifc opens, with the export time and application in its header', () => {
    expect(api.GetModelSchema(m)).toBe('IFC4');
    expect(text.startsWith('ISO-10303-21;')).toBe(true);
    expect(text).toContain("FILE_SCHEMA(('IFC4'));");
    expect(text).toContain("FILE_NAME('Demo House.ifc','2026-02-03T04:05:06',('ArxOS'),('ArxOS'),'web-ifc 0.0.78','ArxOS',$);");
    expect(text.trimEnd().endsWith('END-ISO-10303-21;')).toBe(true);
    expect(skipped).toEqual([]);
  });

  it('writes one project, site and building, metre units, one owner history and the Body/Axis/FootPrint contexts', () => {
    expect(count(m, W.IFCPROJECT)).toBe(1);
    expect(count(m, W.IFCSITE)).toBe(1);
    const [buildingId] = ids(m, W.IFCBUILDING);
    const ifcBuilding = line(m, buildingId!);
    expect(ifcBuilding.Name.value).toBe('Demo House');
    expect(line(m, ifcBuilding.BuildingAddress.value).AddressLines.map((l: { value: string }) => l.value)).toEqual(['1 Example Street, Springfield']);
    expect(line(m, ids(m, W.IFCPROJECT)[0]!).Name.value).toBe('Demo House');
    expect(count(m, W.IFCOWNERHISTORY)).toBe(1);
    const units = ids(m, W.IFCSIUNIT).map((id) => line(m, id)).map((u) => `${u.UnitType.value}:${u.Name.value}`);
    expect(units).toContain('LENGTHUNIT:METRE');
    const contexts = ids(m, W.IFCGEOMETRICREPRESENTATIONSUBCONTEXT).map((id) => line(m, id).ContextIdentifier.value);
    expect(contexts.sort()).toEqual(['Axis', 'Body', 'FootPrint']);
    // Every element has the owner history.
    const owner = ids(m, W.IFCOWNERHISTORY)[0];
    expect(ids(m, W.IFCROOT, true).every((id) => line(m, id).OwnerHistory?.value === owner)).toBe(true);
  });

  it('counts one IFC entity per element, by type', () => {
    expect(count(m, W.IFCBUILDINGSTOREY)).toBe(2);
    expect(count(m, W.IFCWALL)).toBe(12);
    expect(count(m, W.IFCSPACE)).toBe(6);
    expect(count(m, W.IFCDOOR)).toBe(5);
    expect(count(m, W.IFCWINDOW)).toBe(5);
    expect(count(m, W.IFCOPENINGELEMENT)).toBe(10);
    expect(count(m, W.IFCSLAB)).toBe(2);
    expect(count(m, W.IFCDISTRIBUTIONELEMENT, true)).toBe(15);
    expect(count(m, W.IFCOUTLET)).toBe(6);
    expect(count(m, W.IFCELECTRICDISTRIBUTIONBOARD)).toBe(1);
    expect(count(m, W.IFCLIGHTFIXTURE)).toBe(1);
    expect(count(m, W.IFCAIRTERMINAL)).toBe(2);
    expect(count(m, W.IFCUNITARYEQUIPMENT)).toBe(1);
    expect(ids(m, W.IFCSENSOR).map((id) => line(m, id).PredefinedType.value)).toEqual(['SMOKESENSOR', 'SMOKESENSOR']);
    expect(count(m, W.IFCCOMMUNICATIONSAPPLIANCE)).toBe(1);
    expect(count(m, W.IFCRELVOIDSELEMENT)).toBe(10);
    expect(count(m, W.IFCRELFILLSELEMENT)).toBe(10);
  });

  it('writes the storeys bottom to top with their names and elevations, placed at their elevation', () => {
    const storeys = ids(m, W.IFCBUILDINGSTOREY).map((id) => line(m, id));
    expect(storeys.map((s) => [s.Name.value, s.Elevation.value, api.GetWorldTransformMatrix(m, s.ObjectPlacement.value)[14]])).toEqual([
      ['Ground floor', 0, 0],
      ['First floor', 3, 3],
    ]);
  });

  it('contains every element but spaces in its storey, and aggregates the spaces under it', () => {
    const storeyName = new Map(ids(m, W.IFCBUILDINGSTOREY).map((id) => [id, line(m, id).Name.value as string]));
    const contained = new Map<string, string>();
    for (const rel of ids(m, W.IFCRELCONTAINEDINSPATIALSTRUCTURE)) {
      const r = line(m, rel);
      for (const h of r.RelatedElements) contained.set(line(m, h.value).GlobalId.value, storeyName.get(r.RelatingStructure.value)!);
    }
    expect(count(m, W.IFCRELCONTAINEDINSPATIALSTRUCTURE)).toBe(2);
    const aggregated = new Map<string, string>();
    for (const rel of ids(m, W.IFCRELAGGREGATES)) {
      const r = line(m, rel);
      if (!storeyName.has(r.RelatingObject.value)) continue;
      for (const h of r.RelatedObjects) aggregated.set(line(m, h.value).GlobalId.value, storeyName.get(r.RelatingObject.value)!);
    }
    const nameOf = (id: string) => building.storeys[id]!.name;
    for (const element of Object.values(building.elements)) {
      const where = element.kind === 'space' ? aggregated : contained;
      expect(where.get(globalIdOf(element)), element.id).toBe(nameOf(element.storeyId));
    }
  });

  it('writes each wall with its centre line, thickness (material layer set usage) and height', () => {
    const walls = readWalls(m);
    const model = Object.values(building.elements).filter((e) => e.kind === 'wall');
    expect(walls.size).toBe(model.length);
    for (const wall of model) {
      const read = walls.get(globalIdOf(wall))!;
      expect(close(read.a, wall.a), `${wall.id} a ${read.a}`).toBe(true);
      expect(close(read.b, wall.b), `${wall.id} b ${read.b}`).toBe(true);
      expect(read.thickness).toBeCloseTo(wall.thickness, 9);
      expect(read.height).toBeCloseTo(wall.height, 9);
      expect(read.name).toBe(wall.name);
    }
  });

  it('hosts each door and window in its wall through an opening, at its offset and sill, with its size', () => {
    const elevationOfWall = new Map(
      Object.values(building.elements)
        .filter((e) => e.kind === 'wall')
        .map((w) => [globalIdOf(w), building.storeys[w.storeyId]!.elevation as number]),
    );
    const openings = readOpenings(m, readWalls(m), (g) => elevationOfWall.get(g)!);
    const model = Object.values(building.elements).filter((e) => e.kind === 'door' || e.kind === 'window');
    expect(openings.size).toBe(model.length);
    for (const o of model) {
      const read = openings.get(globalIdOf(o))!;
      expect(read.kind).toBe(o.kind);
      expect(read.host).toBe(globalIdOf(building.elements[o.hostId]!));
      expect(read.offset).toBeCloseTo(o.offset, 9);
      expect(read.sill).toBeCloseTo(o.sill, 9);
      expect(read.width).toBeCloseTo(o.width, 9);
      expect(read.height).toBeCloseTo(o.height, 9);
    }
  });

  it('writes spaces with Name = number, LongName = name, ObjectType = usage, and the polygon extruded by the storey height', () => {
    const spaces = new Map(ids(m, W.IFCSPACE).map((id) => [line(m, id).GlobalId.value as string, line(m, id)]));
    for (const space of Object.values(building.elements).filter((e) => e.kind === 'space')) {
      const s = spaces.get(globalIdOf(space))!;
      expect([s.Name.value, s.LongName.value, s.ObjectType.value]).toEqual([space.number, space.name, space.usage]);
      const reps = line(m, s.Representation.value).Representations.map((h: { value: number }) => line(m, h.value));
      const body = line(m, reps.find((r: { RepresentationIdentifier: { value: string } }) => r.RepresentationIdentifier.value === 'Body').Items[0].value);
      expect(body.Depth.value).toBe(building.storeys[space.storeyId]!.height);
      const profile = line(m, body.SweptArea.value);
      const points = line(m, profile.OuterCurve.value).Points.map((h: { value: number }) => line(m, h.value).Coordinates.map((c: { value: number }) => c.value));
      expect(points).toEqual([...space.polygon, space.polygon[0]].map((p) => [...p!]));
    }
  });

  it('puts each slab top at its storey elevation', () => {
    for (const slabId of ids(m, W.IFCSLAB)) {
      const slab = line(m, slabId);
      const M = api.GetWorldTransformMatrix(m, slab.ObjectPlacement.value);
      const body = line(m, line(m, line(m, slab.Representation.value).Representations[0].value).Items[0].value);
      const top = M[14]! + body.Depth.value;
      expect([0, 3].some((e) => Math.abs(e - top) < 1e-9), `top ${top}`).toBe(true);
      expect(body.Depth.value).toBe(0.25);
    }
  });

  it('writes equipment with ObjectType = type and an ArxOS_Equipment property set (System, Status, Path)', async () => {
    const outlet = building.elements['gf-outlet-2b']!;
    if (outlet.kind !== 'equipment') throw new Error('not equipment');
    const expressId = Number(api.GetExpressIdFromGuid(m, globalIdOf(outlet)));
    const entity = line(m, expressId);
    expect(entity.type).toBe(W.IFCOUTLET);
    expect(entity.ObjectType.value).toBe('outlet');
    const M = api.GetWorldTransformMatrix(m, entity.ObjectPlacement.value);
    expect(close([M[12]!, M[13]!, M[14]!], outlet.position)).toBe(true);
    const psets = await api.properties.getPropertySets(m, expressId, true);
    const equipment = psets.find((p: { Name: { value: string } }) => p.Name.value === 'ArxOS_Equipment');
    const values = Object.fromEntries(equipment.HasProperties.map((p: { Name: { value: string }; NominalValue: { value: unknown } }) => [p.Name.value, p.NominalValue.value]));
    expect(values).toEqual({ System: 'electrical', Status: 'needs-repair', Path: '/electrical/circuits/2/outlet_2B' });
  });

  it('gives every entity a unique, well-formed GlobalId, and elements the GlobalId globalIdOf gives them', () => {
    const all = globalIds(m);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every(isIfcGuid)).toBe(true);
    for (const element of Object.values(building.elements)) expect(Number(api.GetExpressIdFromGuid(m, globalIdOf(element))), element.id).toBeGreaterThan(0);
    for (const s of Object.values(building.storeys)) expect(Number(api.GetExpressIdFromGuid(m, globalIdOf(s)))).toBeGreaterThan(0);
  });

  it('exports the same GlobalIds every time, and the same bytes for the same time', async () => {
    const again = await writeIfc(building, { now });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    const later = openModel(await writeIfc(building, { now: new Date('2027-05-06T07:08:09Z') }));
    expect(globalIds(later)).toEqual(globalIds(m));
  });

  it('meshes every wall, door, window, slab and piece of equipment, with the openings cut out of the walls', () => {
    const triangles = new Map<number, number>();
    api.StreamAllMeshes(m, (mesh) => {
      let n = 0;
      for (let i = 0; i < mesh.geometries.size(); i++) {
        const g = api.GetGeometry(m, mesh.geometries.get(i).geometryExpressID);
        n += g.GetIndexDataSize() / 3;
        g.delete();
      }
      triangles.set(mesh.expressID, n);
    });
    const products = [W.IFCWALL, W.IFCDOOR, W.IFCWINDOW, W.IFCSLAB].flatMap((t) => ids(m, t)).concat(ids(m, W.IFCDISTRIBUTIONELEMENT, true));
    for (const id of products) expect(triangles.get(id), api.GetNameFromTypeCode(api.GetLineType(m, id))).toBeGreaterThan(0);
    const wallTriangles = (id: string) => triangles.get(Number(api.GetExpressIdFromGuid(m, globalIdOf(building.elements[id]!))))!;
    expect(wallTriangles('gf-wall-w')).toBe(12); // no openings: a box
    expect(wallTriangles('gf-wall-s')).toBeGreaterThan(12); // a door and a window cut out
    expect(wallTriangles('gf-wall-i1')).toBeGreaterThan(12);
  });
});

describe('writeIfc: elements and properties', () => {
  const level = storey({ id: 'l0', name: 'Level 0', elevation: 0, height: 3, order: 0 });
  const basement = storey({ id: 'b1', name: 'Basement', elevation: -2.5, height: 2.5, order: -1 });
  const wall = make('wall', { id: 'w1', storeyId: 'l0', name: 'Diagonal', a: planPoint(1, 2), b: planPoint(5, 5), thickness: metres(0.25), height: metres(2.7) });
  const door = make('door', { id: 'd1', storeyId: 'l0', name: 'Door', hostId: 'w1', offset: metres(1.2), width: metres(0.9), height: metres(2.1), sill: metres(0) });
  const window = make('window', { id: 'win1', storeyId: 'l0', name: 'Window', hostId: 'w1', offset: metres(3), width: metres(1.2), height: metres(1.0), sill: metres(1.0) });
  const chair = make('object', {
    id: 'chair',
    storeyId: 'l0',
    name: 'Chair',
    category: 'furniture',
    position: worldPoint(2, 1, 0),
    rotation: radians(Math.PI / 2),
    props: { 'Pset_FurnitureTypeCommon.Style': 'Windsor', 'Pset_FurnitureTypeCommon.NominalHeight': 0.9, 'Pset_FurnitureTypeCommon.IsBuiltIn': false, Count: 4, note: 'x'.repeat(300) },
    asset: 'a'.repeat(64),
    ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcFurniture' },
  });
  const stair = make('object', { id: 'stair', storeyId: 'b1', name: 'Stair', category: 'IfcStair', position: worldPoint(0, 0, 0), rotation: radians(0), props: { width: 1, depth: 3, height: 2.5 } });
  const proxy = make('object', { id: 'thing', storeyId: 'b1', name: 'Thing', category: 'sculpture', position: worldPoint(3, 3, 0), rotation: radians(0), asset: 'b'.repeat(64) });
  const valve = make('equipment', { id: 'v1', storeyId: 'b1', name: 'Valve', system: 'plumbing', type: 'ball-valve', status: 'ok', position: worldPoint(1, 1, 0.5), rotation: radians(0) });
  const elementId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const panel = make('equipment', { id: elementId, storeyId: 'b1', name: 'Panel', system: 'other', type: 'thing', status: 'ok', position: worldPoint(0, 0, 0), rotation: radians(0) });
  const asset = encodeMeshAsset({ parts: [cube(0.5, [1, 0, 0, 1]), cube(0.2, [0, 0, 1, 0.5])] });
  const building = snapshot([level, basement], [door, window, wall, chair, stair, proxy, valve, panel]);
  let m: number;
  let warnings: { id: string; reason: string }[];

  beforeAll(async () => {
    const report = await writeIfcReport(building, { assets: (hash) => (hash === 'a'.repeat(64) ? asset : undefined) });
    warnings = report.warnings;
    expect(report.skipped).toEqual([]);
    m = openModel(report.bytes);
  });

  it('orders storeys by their order, basement first', () => {
    expect(ids(m, W.IFCBUILDINGSTOREY).map((id) => [line(m, id).Name.value, line(m, id).Elevation.value])).toEqual([
      ['Basement', -2.5],
      ['Level 0', 0],
    ]);
  });

  it('round-trips a diagonal wall and its door and window', () => {
    const walls = readWalls(m);
    const read = walls.get(globalIdOf(wall))!;
    expect(close(read.a, [1, 2]) && close(read.b, [5, 5])).toBe(true);
    expect([read.thickness, read.height]).toEqual([0.25, 2.7]);
    const openings = readOpenings(m, walls, () => 0);
    expect(openings.get(globalIdOf(door))).toMatchObject({ kind: 'door', host: globalIdOf(wall), width: 0.9, height: 2.1 });
    expect(openings.get(globalIdOf(door))!.offset).toBeCloseTo(1.2, 9);
    expect(openings.get(globalIdOf(window))!.offset).toBeCloseTo(3, 9);
    expect(openings.get(globalIdOf(window))!.sill).toBeCloseTo(1, 9);
  });

  it('writes objects as their IFC type when it is writable, else as IfcBuildingElementProxy, keeping imported GlobalIds', () => {
    const chairLine = line(m, Number(api.GetExpressIdFromGuid(m, '2O2Fr$t4X7Zf8NOew3FLOH')));
    expect(chairLine.type).toBe(W.IFCFURNITURE);
    expect(chairLine.ObjectType.value).toBe('furniture');
    expect(line(m, Number(api.GetExpressIdFromGuid(m, globalIdOf(stair)))).type).toBe(W.IFCSTAIR);
    expect(line(m, Number(api.GetExpressIdFromGuid(m, globalIdOf(proxy)))).type).toBe(W.IFCBUILDINGELEMENTPROXY);
    expect(line(m, Number(api.GetExpressIdFromGuid(m, globalIdOf(valve)))).type).toBe(W.IFCVALVE);
    // A UUID id is the GlobalId, compressed.
    expect(line(m, Number(api.GetExpressIdFromGuid(m, globalIdOf(panel)))).type).toBe(W.IFCBUILDINGELEMENTPROXY);
    expect(globalIdOf(panel)).toBe(uuidToIfcGuid(elementId));
    expect(ifcGuidToUuid('1ydcPvT2L0tfHBu7$1_Ghd')).toBe(elementId);
  });

  it('writes a mesh asset as styled triangulated face sets in the element placement, and a box when the asset is missing', () => {
    expect(count(m, W.IFCTRIANGULATEDFACESET)).toBe(2);
    const chairId = Number(api.GetExpressIdFromGuid(m, '2O2Fr$t4X7Zf8NOew3FLOH'));
    const sets = ids(m, W.IFCTRIANGULATEDFACESET).map((id) => line(m, id));
    expect(sets.map((s) => line(m, s.Coordinates.value).CoordList.length)).toEqual([8, 8]); // shared corners written once
    const meshes: { color: W.Color; triangles: number; points: number[][] }[] = [];
    api.StreamMeshes(m, [chairId], (mesh) => {
      for (let i = 0; i < mesh.geometries.size(); i++) {
        const placed = mesh.geometries.get(i);
        const g = api.GetGeometry(m, placed.geometryExpressID);
        const vertices = api.GetVertexArray(g.GetVertexData(), g.GetVertexDataSize());
        const points: number[][] = [];
        for (let v = 0; v < vertices.length; v += 6) {
          // flatTransformation is Y-up (three.js): IFC (x, y, z) -> (x, z, -y).
          const [x, yUp, zSouth] = apply(placed.flatTransformation, vertices[v]!, vertices[v + 1]!, vertices[v + 2]!);
          points.push([x!, -zSouth!, yUp!]);
        }
        meshes.push({ color: placed.color, triangles: g.GetIndexDataSize() / 3, points });
        g.delete();
      }
    });
    expect(meshes.map((x) => x.triangles)).toEqual([12, 12]);
    expect(meshes[0]!.color).toMatchObject({ x: 1, y: 0, z: 0, w: 1 });
    expect(meshes[1]!.color.z).toBe(1);
    expect(meshes[1]!.color.w).toBeCloseTo(0.5, 2);
    // The 0.5 m cube sits on the chair's position (2, 1, 0), turned by 90°: x in 1.75..2.25, z in 0..0.5.
    const xs = meshes[0]!.points.map((p) => p[0]!);
    const zs = meshes[0]!.points.map((p) => p[2]!);
    expect(Math.min(...xs)).toBeCloseTo(1.75, 4);
    expect(Math.max(...zs)).toBeCloseTo(0.5, 4);
    expect(warnings).toEqual([{ id: 'thing', reason: 'its geometry asset is not available: exported as a box' }]);
  });

  it('writes props as property sets: grouped by the name before the dot, the rest in ArxOS_Properties, typed by value', async () => {
    const chairId = Number(api.GetExpressIdFromGuid(m, '2O2Fr$t4X7Zf8NOew3FLOH'));
    const psets = await api.properties.getPropertySets(m, chairId, true);
    const read = Object.fromEntries(
      psets.map((p: { Name: { value: string }; HasProperties: { Name: { value: string }; NominalValue: { name: string; value: unknown } }[] }) => [
        p.Name.value,
        Object.fromEntries(p.HasProperties.map((h) => [h.Name.value, [h.NominalValue.name, h.NominalValue.value]])),
      ]),
    );
    expect(read).toEqual({
      ArxOS_Properties: { Count: ['IFCINTEGER', 4], note: ['IFCTEXT', 'x'.repeat(300)] },
      Pset_FurnitureTypeCommon: { Style: ['IFCLABEL', 'Windsor'], NominalHeight: ['IFCREAL', 0.9], IsBuiltIn: ['IFCBOOLEAN', false] },
    });
  });
});

describe('writeIfc → readIfc: equipment comes back as it was', () => {
  it("reads the demo house's equipment back with the same system, type, status, path, name and position", async () => {
    const building = demoSnapshot();
    const imported = await readIfc(await writeIfc(building));
    const back = new Map(imported.elements.map((e) => [e.ifc?.globalId, e]));
    const storeyElevation = new Map(imported.storeys.map((s) => [s.id, s.elevation]));
    const equipment = Object.values(building.elements).filter((e): e is Equipment => e.kind === 'equipment');
    expect(equipment).toHaveLength(15);
    for (const original of equipment) {
      const read = back.get(globalIdOf(original));
      if (read?.kind !== 'equipment') throw new Error(`${original.id} came back as ${read?.kind ?? 'nothing'}`);
      const fields = ({ system, type, status, path, name }: Equipment) => ({ system, type, status, path, name });
      expect(fields(read), original.id).toEqual(fields(original));
      // Its own fields are not props as well (a second export would write them twice).
      expect(Object.keys(read.props).filter((k) => k.startsWith('ArxOS_Equipment.')), original.id).toEqual([]);
      const elevation = building.storeys[original.storeyId]!.elevation;
      expect(storeyElevation.get(read.storeyId), original.id).toBeCloseTo(elevation, 6);
      read.position.forEach((v, i) => expect(v, `${original.id} [${i}]`).toBeCloseTo(original.position[i]!, 6));
    }
    expect(imported.warnings.filter((w) => w.code === 'equipment')).toEqual([]);
  });

  it('reads equipment written as a proxy (system other) as equipment, and replaces a path that does not fit its system, with a warning', async () => {
    const level = storey({ id: 'l0', name: 'Level 0', elevation: 0, height: 3, order: 0 });
    const widget = make('equipment', { id: 'widget', storeyId: 'l0', name: 'Widget', system: 'other', type: 'widget', status: 'planned', path: '/other/widgets/w_1', position: worldPoint(1, 2, 0.5), rotation: radians(0) });
    const pump = make('equipment', { id: 'pump', storeyId: 'l0', name: 'Pump', system: 'plumbing', type: 'pump', status: 'offline', path: '/plumbing/pumps/p_1', position: worldPoint(3, 2, 0), rotation: radians(0) });
    const text = new TextDecoder().decode(await writeIfc(snapshot([level], [widget, pump])));
    expect(text).toContain("IFCBUILDINGELEMENTPROXY('");
    // Someone edited the pump's path in another tool: it no longer starts with its system.
    const edited = text.replace("IFCLABEL('/plumbing/pumps/p_1')", "IFCLABEL('/hvac/pumps/p_1')").replace("IFCLABEL('offline')", "IFCLABEL('broken')");
    expect(edited).not.toBe(text);
    const imported = await readIfc(new TextEncoder().encode(edited));
    const read = (id: string) => imported.elements.find((e) => e.ifc?.globalId === globalIdOf(id === 'widget' ? widget : pump));
    expect(read('widget')).toMatchObject({ kind: 'equipment', system: 'other', type: 'widget', status: 'planned', path: '/other/widgets/w_1', name: 'Widget' });
    expect(read('pump')).toMatchObject({ kind: 'equipment', system: 'plumbing', type: 'pump', status: 'ok', name: 'Pump' });
    expect(read('pump')).toHaveProperty('path', expect.stringMatching(/^\/plumbing\//));
    expect(imported.warnings.filter((w) => w.code === 'equipment').map((w) => w.message)).toEqual([
      expect.stringMatching(/status "broken" is not one of .*"ok".*path "\/hvac\/pumps\/p_1" is not a valid path of the plumbing system/),
    ]);
  });
});

describe('writeIfc → readIfc: doors and windows in a slab come back in it, where they were', () => {
  it('keeps a turned roof window without a mesh and a hatch with its mesh: host, position, turn and size', async () => {
    const level = storey({ id: 'l0', name: 'Level 0', elevation: 3, height: 3, order: 0 });
    const roof = make('slab', { id: 'roof', storeyId: 'l0', name: 'Roof', polygon: [planPoint(0, 0), planPoint(8, 0), planPoint(8, 6), planPoint(0, 6)], thickness: metres(0.3) });
    const skylight = make('window', { id: 'sky', storeyId: 'l0', name: 'Skylight', hostId: 'roof', width: metres(1.2), height: metres(0.8), position: worldPoint(2, 1.5, 0.2), rotation: radians(0.6) });
    const hatch = make('door', { id: 'hatch', storeyId: 'l0', name: 'Hatch', hostId: 'roof', width: metres(0.5), height: metres(0.5), position: worldPoint(6, 4, 0), rotation: radians(-Math.PI / 2), asset: 'c'.repeat(64) });
    const mesh = encodeMeshAsset({ parts: [cube(0.5, [0.5, 0.5, 0.5, 1])] });
    const report = await writeIfcReport(snapshot([level], [roof, skylight, hatch]), { assets: (hash) => (hash === 'c'.repeat(64) ? mesh : undefined) });
    expect(report.skipped).toEqual([]);
    const imported = await readIfc(report.bytes);
    const back = new Map(imported.elements.map((e) => [e.ifc?.globalId, e]));
    const slab = back.get(globalIdOf(roof))!;
    expect(slab.kind).toBe('slab');
    for (const original of [skylight, hatch] as Opening[]) {
      const read = back.get(globalIdOf(original)) as Opening | undefined;
      expect(read?.kind, original.id).toBe(original.kind);
      expect(read!.hostId, original.id).toBe(slab.id);
      read!.position!.forEach((v, i) => expect(v, `${original.id} position[${i}]`).toBeCloseTo(original.position![i]!, 4));
      expect(read!.rotation, original.id).toBeCloseTo(original.rotation!, 6);
      expect(read!.width, original.id).toBeCloseTo(original.width, 4);
      expect(read!.height, original.id).toBeCloseTo(original.height, 4);
    }
    expect(imported.warnings.filter((w) => w.code === 'not_in_wall' || w.code === 'no_host')).toEqual([]);
  });
});

describe('writeIfc: text and orientation', () => {
  it('keeps any text (accents, quotes, backslashes, emoji, line breaks) and turns true north by meta.north', async () => {
    const level = storey({ id: 'l0', name: 'Erdgeschoss – Küche', elevation: 0, height: 3, order: 0 });
    const name = "Kitchen's \\ 'Küche' 🏠\nsecond line";
    const space = make('space', { id: 's1', storeyId: 'l0', name, number: 'K.01', usage: 'küche', polygon: [planPoint(0, 0), planPoint(4, 0), planPoint(4, 3)] });
    const base = snapshot([level], [space], 'Haus "Müller"');
    const building = { ...base, meta: { ...base.meta, north: radians(Math.PI / 2), address: 'Hauptstraße 1\n76131 Karlsruhe' } };
    const m = openModel(await writeIfc(building));
    const s = line(m, ids(m, W.IFCSPACE)[0]!);
    expect([s.Name.value, s.LongName.value, s.ObjectType.value]).toEqual(['K.01', name, 'küche']);
    expect(line(m, ids(m, W.IFCBUILDINGSTOREY)[0]!).Name.value).toBe('Erdgeschoss – Küche');
    const ifcBuilding = line(m, ids(m, W.IFCBUILDING)[0]!);
    expect(ifcBuilding.Name.value).toBe('Haus "Müller"');
    expect(line(m, ifcBuilding.BuildingAddress.value).AddressLines.map((l: { value: string }) => l.value)).toEqual(['Hauptstraße 1', '76131 Karlsruhe']);
    const context = line(m, ids(m, W.IFCGEOMETRICREPRESENTATIONCONTEXT)[0]!);
    const north = line(m, context.TrueNorth.value).DirectionRatios.map((r: { value: number }) => r.value);
    expect(close(north, [-1, 0])).toBe(true); // plan +y turned a quarter counter-clockwise
  });

  it('writes characters beyond the BMP (emoji, CJK Extension B) as \\X4\\ escapes, as ISO 10303-21 has them, and reads them back', async () => {
    const level = storey({ id: 'l0', name: 'Ground', elevation: 0, height: 3, order: 0 });
    // Astral characters between BMP ones, two in a row, and a name that holds an escape as text.
    const names = ['Café 🏠 Küche', '𠀋😀 end', 'literally \\X2\\D83DDE00\\X0\\'];
    const spaces = names.map((name, i) => make('space', { id: `s${i}`, storeyId: 'l0', name, number: `R${i}`, polygon: [planPoint(i * 5, 0), planPoint(i * 5 + 4, 0), planPoint(i * 5 + 4, 3)] }));
    const bytes = await writeIfc(snapshot([level], spaces));
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain("'Caf\\X2\\00E9\\X0\\ \\X4\\0001F3E0\\X0\\ K\\X2\\00FC\\X0\\che'");
    expect(text).toContain("'\\X4\\0002000B\\X0\\\\X4\\0001F600\\X0\\ end'");
    // No surrogate is left in an \\X2\\ escape; the name that spells one out is written as text.
    expect(/\\X2\\(?:[0-9A-F]{4})*D[89A-F][0-9A-F]{2}/.test(text.replace(/\\\\/g, ''))).toBe(false);
    const m = openModel(bytes);
    expect(ids(m, W.IFCSPACE).map((id) => line(m, id).LongName.value).sort()).toEqual([...names].sort());
    expect((await readIfc(bytes)).elements.map((e) => e.name).sort()).toEqual([...names].sort());
  });
});

describe('writeIfc: what it cannot write', () => {
  it('skips elements it cannot write, says why, and writes the rest', async () => {
    const level = storey({ id: 'l0', name: 'L0', elevation: 0, height: 3, order: 0 });
    const good = make('wall', { id: 'good', storeyId: 'l0', a: planPoint(0, 0), b: planPoint(4, 0) });
    const raw = (e: Record<string, unknown>) => e as unknown as Element;
    const elements = [
      good,
      raw({ ...good, id: 'zero', b: [0, 0] }),
      raw({ ...good, id: 'nan', thickness: Number.NaN }),
      raw({ ...good, id: 'lost', storeyId: 'nowhere' }),
      make('door', { id: 'orphan', storeyId: 'l0', hostId: 'missing' }),
      make('door', { id: 'in-zero', storeyId: 'l0', hostId: 'zero' }),
      raw({ id: 'flat', kind: 'space', storeyId: 'l0', name: 'Flat', number: '1', usage: '', props: {}, polygon: [[0, 0], [1, 0], [2, 0]] }),
      raw({ id: 'alien', kind: 'hologram', storeyId: 'l0', name: '', props: {} }),
    ];
    const report = await writeIfcReport(snapshot([level], elements));
    expect(report.skipped.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: 'alien', reason: 'its kind "hologram" has no IFC form' },
      { id: 'flat', reason: 'its outline encloses no area' },
      { id: 'in-zero', reason: 'its wall could not be exported' },
      { id: 'lost', reason: 'its storey does not exist' },
      { id: 'nan', reason: 'a coordinate, its thickness or its height is not a finite number' },
      { id: 'orphan', reason: 'its host wall does not exist' },
      { id: 'zero', reason: 'it has no length (both ends are the same point)' },
    ]);
    const m = openModel(report.bytes);
    expect(count(m, W.IFCWALL)).toBe(1);
    expect(count(m, W.IFCDOOR) + count(m, W.IFCSPACE) + count(m, W.IFCOPENINGELEMENT)).toBe(0);
  });

  it('gives a second element with the same imported GlobalId a new one, and says so', async () => {
    const level = storey({ id: 'l0', name: 'L0', elevation: 0, height: 3, order: 0 });
    const ifc = { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcWall' };
    const a = make('wall', { id: 'a', storeyId: 'l0', a: planPoint(0, 0), b: planPoint(4, 0), ifc });
    const b = make('wall', { id: 'b', storeyId: 'l0', a: planPoint(0, 1), b: planPoint(4, 1), ifc });
    const report = await writeIfcReport(snapshot([level], [a, b]));
    expect(report.warnings).toEqual([{ id: 'b', reason: 'its GlobalId is already used by another element: exported with a new one' }]);
    const all = globalIds(openModel(report.bytes));
    expect(new Set(all).size).toBe(all.length);
  });

  it('writes an empty building (no storeys) as a valid project', async () => {
    const m = openModel(await writeIfc(snapshot([], [], 'Empty')));
    expect([count(m, W.IFCPROJECT), count(m, W.IFCBUILDING), count(m, W.IFCBUILDINGSTOREY)]).toEqual([1, 1, 0]);
  });
});

describe('ifcClassOf', () => {
  const object = (category: string, ifcType?: string) =>
    make('object', { id: 'o', storeyId: 's', category, position: worldPoint(0, 0, 0), rotation: radians(0), ...(ifcType ? { ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: ifcType } } : {}) }) as BuildingObject;
  const equipment = (system: Equipment['system'], type: string) => make('equipment', { id: 'e', storeyId: 's', system, type, status: 'ok', position: worldPoint(0, 0, 0), rotation: radians(0) }) as Equipment;

  it.each([
    [object('furniture', 'IfcFurnishingElement'), 'IfcFurnishingElement'],
    [object('wall', 'IfcWallStandardCase'), 'IfcWall'],
    [object('annotation', 'IfcAnnotation'), 'IfcBuildingElementProxy'],
    [object('opening', 'IfcOpeningElement'), 'IfcBuildingElementProxy'],
    [object('furniture'), 'IfcFurniture'],
    [object('stair'), 'IfcStair'],
    [object('curtain-wall'), 'IfcCurtainWall'],
    [object('IfcRailing'), 'IfcRailing'],
    [object('sculpture'), 'IfcBuildingElementProxy'],
    [equipment('electrical', 'outlet'), 'IfcOutlet'],
    [equipment('lighting', 'pendant'), 'IfcLightFixture'],
    [equipment('plumbing', 'wc'), 'IfcSanitaryTerminal'],
    [equipment('network', 'router'), 'IfcCommunicationsAppliance'],
    [equipment('other', 'gadget'), 'IfcBuildingElementProxy'],
  ])('writes %# as %s', (element, expected) => {
    expect(ifcClassOf(element).name).toBe(expected);
  });

  it('says which kind of sensor a fire detector is', () => {
    expect(ifcClassOf(equipment('fire', 'smoke-detector'))).toEqual({ name: 'IfcSensor', predefined: 'SMOKESENSOR' });
    expect(ifcClassOf(equipment('fire', 'sprinkler'))).toEqual({ name: 'IfcFireSuppressionTerminal', predefined: undefined });
  });
});
