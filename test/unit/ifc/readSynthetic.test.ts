/**
 * The IFC reader on small hand-written files, for what the sample files lack: equipment and its
 * systems and paths, a georeferenced site, a length unit of feet, a building without storeys,
 * property sets past the model's limits and repeated GlobalIds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMeshAsset } from '@/lib/ifc/meshAsset';
import { readIfc } from '@/lib/ifc/read';
import type { IfcImport } from '@/lib/ifc/types';
import { isValidPath, polygonArea } from '@/lib/model';
import { expectSound, ofKind } from './readHelpers';
import { project, str, StepWriter } from './readStepWriter';

/** Site 2,500 km east and 1,200 km north of the origin, like a national grid; one storey; an office with MEP. */
function georeferencedOffice(): Uint8Array {
  const w = new StepWriter();
  const { project: p, context } = project(w);
  const sitePlace = w.placement(undefined, 2_500_123.4, 1_200_456.7, 0);
  const site = w.add(`IFCSITE(${w.guid()},$,'Grid site',$,$,${sitePlace},$,$,.ELEMENT.,$,$,$,$,$)`);
  const buildingPlace = w.placement(sitePlace);
  const building = w.add(`IFCBUILDING(${w.guid()},$,'Office',$,$,${buildingPlace},$,$,.ELEMENT.,$,$,$)`);
  const storeyPlace = w.placement(buildingPlace);
  const storey = w.add(`IFCBUILDINGSTOREY(${w.guid()},$,'Ground',$,$,${storeyPlace},$,$,.ELEMENT.,0.)`);
  // Room 101: 6 × 4 m, outlined by an IFC4 indexed poly curve.
  const points = w.add('IFCCARTESIANPOINTLIST2D(((0.,0.),(6.,0.),(6.,4.),(0.,4.)),$)');
  const curve = w.add(`IFCINDEXEDPOLYCURVE(${points},(IFCLINEINDEX((1,2,3,4,1))),.F.)`);
  const profile = w.add(`IFCARBITRARYCLOSEDPROFILEDEF(.AREA.,$,${curve})`);
  const solid = w.add(`IFCEXTRUDEDAREASOLID(${profile},${w.axis()},${w.direction(0, 0, 1)},3.)`);
  const spaceShape = w.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${w.add(`IFCSHAPEREPRESENTATION(${context},'Body','SweptSolid',(${solid}))`)}))`);
  const space = w.add(`IFCSPACE(${w.guid()},$,'101',$,'Office',${w.placement(storeyPlace)},${spaceShape},'Office 101',.ELEMENT.,.SPACE.,$)`);
  // Room 102: a 6 × 4 m rectangle with an arc bulging 1 m out of its far side (radius 5 m).
  const arcPoints = w.add('IFCCARTESIANPOINTLIST2D(((0.,0.),(6.,0.),(6.,4.),(3.,5.),(0.,4.)),$)');
  const arcCurve = w.add(`IFCINDEXEDPOLYCURVE(${arcPoints},(IFCLINEINDEX((1,2,3)),IFCARCINDEX((3,4,5)),IFCLINEINDEX((5,1))),.F.)`);
  const arcSolid = w.add(`IFCEXTRUDEDAREASOLID(${w.add(`IFCARBITRARYCLOSEDPROFILEDEF(.AREA.,$,${arcCurve})`)},${w.axis()},${w.direction(0, 0, 1)},3.)`);
  const arcShape = w.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${w.add(`IFCSHAPEREPRESENTATION(${context},'Body','SweptSolid',(${arcSolid}))`)}))`);
  const meeting = w.add(`IFCSPACE(${w.guid()},$,'102',$,$,${w.placement(storeyPlace, 10, 0, 0)},${arcShape},'Meeting',.ELEMENT.,.SPACE.,$)`);
  const terminal = (entity: string, x: number, y: number, z: number, predefined: string, shape: string, xAxis?: [number, number]) =>
    w.add(`${entity}(${w.guid()},$,${str(`${entity} at ${x},${y}`)},$,$,${w.placement(storeyPlace, x, y, z, xAxis)},${shape},$,.${predefined}.)`);
  const diffuser1 = terminal('IFCAIRTERMINAL', 1, 1, 2.9, 'DIFFUSER', w.box(context, 0.6, 0.6, 0.1));
  const diffuser2 = terminal('IFCAIRTERMINAL', 4, 1, 2.9, 'DIFFUSER', w.box(context, 0.6, 0.6, 0.1));
  // A 0.8 × 0.2 m light turned a quarter: its asset must come back unturned, 0.8 along its own x.
  const light = terminal('IFCLIGHTFIXTURE', 3, 3, 2.8, 'NOTDEFINED', w.box(context, 0.8, 0.2, 0.1), [0, 1]);
  const basin = terminal('IFCSANITARYTERMINAL', 5, 3.5, 0.8, 'WASHHANDBASIN', w.box(context, 0.5, 0.4, 0.2));
  // A 6 m wall along y = 0 (0.2 m of brick centred on its axis) and a window in it without a host relation.
  const axis = w.add(`IFCSHAPEREPRESENTATION(${context},'Axis','Curve2D',(${w.add(`IFCPOLYLINE((${w.point(0, 0)},${w.point(6, 0)}))`)}))`);
  const wallProfile = w.add(`IFCRECTANGLEPROFILEDEF(.AREA.,$,${w.add(`IFCAXIS2PLACEMENT2D(${w.point(3, 0)},$)`)},6.,0.2)`);
  const wallBody = w.add(`IFCSHAPEREPRESENTATION(${context},'Body','SweptSolid',(${w.add(`IFCEXTRUDEDAREASOLID(${wallProfile},${w.axis()},${w.direction(0, 0, 1)},3.)`)}))`);
  const wall = w.add(`IFCWALL(${w.guid()},$,'South',$,$,${w.placement(storeyPlace)},${w.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${axis},${wallBody}))`)},$,.STANDARD.)`);
  const layer = w.add(`IFCMATERIALLAYER(${w.add("IFCMATERIAL('Brick',$,$)")},0.2,$,$,$,$,$)`);
  const usage = w.add(`IFCMATERIALLAYERSETUSAGE(${w.add(`IFCMATERIALLAYERSET((${layer}),'Brick 200',$)`)},.AXIS2.,.POSITIVE.,-0.1,$)`);
  w.add(`IFCRELASSOCIATESMATERIAL(${w.guid()},$,$,$,(${wall}),${usage})`);
  const window = w.add(`IFCWINDOW(${w.guid()},$,'W1',$,$,${w.placement(storeyPlace, 3, 0, 0.9)},${w.box(context, 1, 0.1, 1.2)},$,1.2,1.,.WINDOW.,.SINGLE_PANEL.,$)`);
  const system = w.add(`IFCDISTRIBUTIONSYSTEM(${w.guid()},$,'Supply Air',$,$,$,.VENTILATION.)`);
  w.add(`IFCRELASSIGNSTOGROUP(${w.guid()},$,$,$,(${diffuser1},${diffuser2}),$,${system})`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${p},(${site}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${site},(${building}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${building},(${storey}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${storey},(${space},${meeting}))`);
  w.add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${w.guid()},$,$,$,(${diffuser1},${diffuser2},${light},${wall},${window}),${storey})`);
  w.add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${w.guid()},$,$,$,(${basin}),${space})`);
  return w.bytes();
}

/** In feet, a building without storeys holding a 10 ft proxy at 10 ft, with oversized and repeated data. */
function footBuilding(): Uint8Array {
  const w = new StepWriter();
  const { project: p, context } = project(w, 'foot');
  const buildingPlace = w.placement(undefined);
  const building = w.add(`IFCBUILDING(${w.guid()},$,'Shed',$,$,${buildingPlace},$,$,.ELEMENT.,$,$,$)`);
  const proxy = w.add(`IFCBUILDINGELEMENTPROXY('2XPyKWY018sA1ygZKgQPtU',$,'Crate',$,$,${w.placement(buildingPlace, 10, 0, 10)},${w.box(context, 2, 2, 10)},$,$)`);
  const twin = w.add(`IFCBUILDINGELEMENTPROXY('2XPyKWY018sA1ygZKgQPtU',$,'Twin',$,$,${w.placement(buildingPlace, 20, 0, 0)},${w.box(context, 2, 2, 2)},$,$)`);
  const props = Array.from({ length: 600 }, (_, i) => w.add(`IFCPROPERTYSINGLEVALUE('P${i}',$,IFCINTEGER(${i}),$)`));
  const long = w.add(`IFCPROPERTYSINGLEVALUE('Notes',$,IFCTEXT(${str('x'.repeat(20_000))}),$)`);
  const length = w.add(`IFCPROPERTYSINGLEVALUE('Span',$,IFCLENGTHMEASURE(10.),$)`);
  const small = w.add(`IFCPROPERTYSET(${w.guid()},$,'Pset_Crate',$,(${length},${long}))`);
  const big = w.add(`IFCPROPERTYSET(${w.guid()},$,'Pset_Many',$,(${props.join(',')}))`);
  w.add(`IFCRELDEFINESBYPROPERTIES(${w.guid()},$,$,$,(${proxy}),${small})`);
  w.add(`IFCRELDEFINESBYPROPERTIES(${w.guid()},$,$,$,(${proxy}),${big})`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${p},(${building}))`);
  w.add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${w.guid()},$,$,$,(${proxy},${twin}),${building})`);
  return w.bytes();
}

describe('readIfc: equipment, systems and a georeferenced site (hand-written IFC4)', () => {
  let result: IfcImport;
  beforeAll(async () => {
    result = await readIfc(georeferencedOffice());
  });

  it('moves a model lying far from the origin near it, by a round offset, and says so', () => {
    const shifted = result.warnings.filter((w) => w.code === 'shifted');
    expect(shifted).toHaveLength(1);
    expect(shifted[0]!.message).toMatch(/\(-2500100, -1200500\) m/);
    const room = ofKind(result, 'space').find((s) => s.number === '101')!;
    expect(room.polygon.every(([x, y]) => Math.abs(x) < 100 && Math.abs(y) < 100)).toBe(true);
    expect(room.polygon[0]).toEqual([23.4, -43.3]);
    expect(polygonArea(room.polygon)).toBeCloseTo(24, 6);
    expect(room).toMatchObject({ number: '101', name: 'Office 101', usage: 'Office' });
  });

  it('hosts a window without a host relation in the nearest wall, also after the shift', () => {
    const [wall] = ofKind(result, 'wall');
    const [window] = ofKind(result, 'window');
    expect(wall).toMatchObject({ a: [23.4, -43.3], b: [29.4, -43.3], thickness: 0.2, height: 3 });
    expect(window).toMatchObject({ hostId: wall!.id, offset: 2.5, width: 1, height: 1.2, sill: 0.9 });
    expect(result.warnings.filter((w) => w.code === 'no_host')).toHaveLength(1);
  });

  it('draws the arc segments of an IFC4 indexed poly curve', () => {
    const meeting = ofKind(result, 'space').find((s) => s.number === '102')!;
    // 24 m² plus a circular segment of 4.09 m², drawn with chords.
    expect(polygonArea(meeting.polygon)).toBeGreaterThan(27.9);
    expect(polygonArea(meeting.polygon)).toBeLessThan(28.1);
  });

  it('takes the system from the IfcDistributionSystem the element is assigned to, else from its entity', () => {
    const bySystem = ofKind(result, 'equipment').map((e) => [e.system, e.type, e.path]).sort();
    expect(bySystem).toEqual([
      ['hvac', 'diffuser', '/hvac/supply-air/diffuser-1'],
      ['hvac', 'diffuser', '/hvac/supply-air/diffuser-2'],
      ['lighting', 'light-fixture', '/lighting/room-101/light-fixture-1'],
      ['plumbing', 'washhandbasin', '/plumbing/room-101/washhandbasin-1'],
    ]);
    expect(ofKind(result, 'equipment').every((e) => isValidPath(e.path) && e.status === 'ok')).toBe(true);
  });

  it('places equipment above its storey and keeps its asset in its own, unturned frame', () => {
    const light = ofKind(result, 'equipment').find((e) => e.system === 'lighting')!;
    expect(light.position[2]).toBeCloseTo(2.8, 9);
    expect(light.rotation).toBeCloseTo(Math.PI / 2, 9);
    const mesh = decodeMeshAsset(result.assets.get(light.asset!)!);
    const xs = mesh.parts.flatMap((p) => Array.from(p.positions.filter((_, i) => i % 3 === 0)));
    const ys = mesh.parts.flatMap((p) => Array.from(p.positions.filter((_, i) => i % 3 === 1)));
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(0.8, 3);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(0.2, 3);
  });

  it('dedupes the two identical diffusers into one asset', () => {
    const diffusers = ofKind(result, 'equipment').filter((e) => e.type === 'diffuser');
    expect(diffusers[0]!.asset).toBe(diffusers[1]!.asset);
    expect(result.assets.size).toBe(3);
  });

  it('passes every lib/model check', () => {
    expectSound(result);
  });
});

describe('readIfc: feet, no storeys, oversized properties, repeated GlobalIds (hand-written IFC4)', () => {
  let result: IfcImport;
  beforeAll(async () => {
    result = await readIfc(footBuilding());
  });

  it('makes up one storey for a building without any, and says so', () => {
    expect(result.storeys).toMatchObject([{ name: 'Level 1', elevation: 0, order: 0 }]);
    expect(result.warnings.some((w) => w.code === 'no_storey')).toBe(true);
  });

  it('converts feet to metres in placements, meshes and length properties', () => {
    const crate = ofKind(result, 'object').find((o) => o.name === 'Crate')!;
    expect(crate.position[0]).toBeCloseTo(3.048, 9);
    expect(crate.position[2]).toBeCloseTo(3.048, 9);
    const zs = decodeMeshAsset(result.assets.get(crate.asset!)!).parts.flatMap((p) => Array.from(p.positions.filter((_, i) => i % 3 === 2)));
    expect(Math.max(...zs) - Math.min(...zs)).toBeCloseTo(3.048, 3);
    expect(crate.props['Pset_Crate.Span']).toBe(3.048);
  });

  it('keeps properties within the model limits: 500 entries, strings cut to 10,000 characters, with a warning', () => {
    const crate = ofKind(result, 'object').find((o) => o.name === 'Crate')!;
    expect(Object.keys(crate.props)).toHaveLength(500);
    expect((crate.props['Pset_Crate.Notes'] as string).length).toBe(10_000);
    expect(result.warnings.filter((w) => w.code === 'props_trimmed')).toHaveLength(1);
  });

  it('gives a repeated GlobalId a new one and says so', () => {
    const ids = ofKind(result, 'object').map((o) => o.ifc!.globalId);
    expect(ids).toContain('2XPyKWY018sA1ygZKgQPtU');
    expect(new Set(ids).size).toBe(2);
    expect(result.warnings.filter((w) => w.code === 'global_id')).toHaveLength(1);
  });

  it('passes every lib/model check', () => {
    expectSound(result);
  });
});

/**
 * A wall made of walls, as Revit writes a stacked wall and as tools that write one IfcWall per face
 * of a building aggregate them (ThatOpen's ISSUE_171 file, written by Topologic/Homemaker): an
 * IfcWall without a shape of its own aggregating two IfcWalls that have one, each with its axis,
 * and a window in the second part; a slab made of two slabs likewise.
 */
function wallsMadeOfWalls(): Uint8Array {
  const w = new StepWriter();
  const { project: p, context } = project(w);
  const buildingPlace = w.placement(undefined);
  const building = w.add(`IFCBUILDING(${w.guid()},$,'House',$,$,${buildingPlace},$,$,.ELEMENT.,$,$,$)`);
  const storeyPlace = w.placement(buildingPlace);
  const storey = w.add(`IFCBUILDINGSTOREY(${w.guid()},$,'Ground',$,$,${storeyPlace},$,$,.ELEMENT.,0.)`);
  /** A 0.3 m wall `length` long from its placement along its x axis, 3 m high, with its Axis. */
  const wallPart = (name: string, x: number, y: number, xAxis: [number, number], length: number) => {
    const axis = w.add(`IFCSHAPEREPRESENTATION(${context},'Axis','Curve2D',(${w.add(`IFCPOLYLINE((${w.point(0, 0)},${w.point(length, 0)}))`)}))`);
    const profile = w.add(`IFCRECTANGLEPROFILEDEF(.AREA.,$,${w.add(`IFCAXIS2PLACEMENT2D(${w.point(length / 2, 0)},$)`)},${length}.,0.3)`);
    const body = w.add(`IFCSHAPEREPRESENTATION(${context},'Body','SweptSolid',(${w.add(`IFCEXTRUDEDAREASOLID(${profile},${w.axis()},${w.direction(0, 0, 1)},3.)`)}))`);
    const place = w.placement(wholePlace, x, y, 0, xAxis);
    return { place, id: w.add(`IFCWALL(${w.guid()},$,${str(name)},$,$,${place},${w.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${axis},${body}))`)},$,.SOLIDWALL.)`) };
  };
  const wholePlace = w.placement(storeyPlace);
  const whole = w.add(`IFCWALL(${w.guid()},$,'Exterior',$,$,${wholePlace},$,$,$)`);
  const south = wallPart('Exterior south', 0, 0, [1, 0], 5);
  const east = wallPart('Exterior east', 5, 0, [0, 1], 4);
  // A 1 m window in the east part, 1.5 to 2.5 m along it, sill 1 m, through an opening.
  const openingPlace = w.placement(east.place, 2, 0, 1);
  const opening = w.add(`IFCOPENINGELEMENT(${w.guid()},$,'Opening',$,$,${openingPlace},${w.box(context, 1, 0.4, 1.2)},$,.OPENING.)`);
  const window = w.add(`IFCWINDOW(${w.guid()},$,'W-east',$,$,${w.placement(openingPlace)},${w.box(context, 1, 0.1, 1.2)},$,1.2,1.,.WINDOW.,.SINGLE_PANEL.,$)`);
  w.add(`IFCRELVOIDSELEMENT(${w.guid()},$,$,$,${east.id},${opening})`);
  w.add(`IFCRELFILLSELEMENT(${w.guid()},$,$,$,${opening},${window})`);
  // A door whose opening voids the whole (not a part): 0.9 m wide, 3 to 3.9 m along the south part.
  const doorOpeningPlace = w.placement(wholePlace, 3.45, 0, 0);
  const doorOpening = w.add(`IFCOPENINGELEMENT(${w.guid()},$,'Opening',$,$,${doorOpeningPlace},${w.box(context, 0.9, 0.4, 2.1)},$,.OPENING.)`);
  const door = w.add(`IFCDOOR(${w.guid()},$,'D-south',$,$,${w.placement(doorOpeningPlace)},${w.box(context, 0.9, 0.05, 2.1)},$,2.1,0.9,.DOOR.,.SINGLE_SWING_LEFT.,$)`);
  w.add(`IFCRELVOIDSELEMENT(${w.guid()},$,$,$,${whole},${doorOpening})`);
  w.add(`IFCRELFILLSELEMENT(${w.guid()},$,$,$,${doorOpening},${door})`);
  // A floor made of two 5 × 2 m slabs, 0.2 m thick.
  const floorPlace = w.placement(storeyPlace);
  const floor = w.add(`IFCSLAB(${w.guid()},$,'Floor',$,$,${floorPlace},$,$,.FLOOR.)`);
  const slab = (name: string, y: number) => w.add(`IFCSLAB(${w.guid()},$,${str(name)},$,$,${w.placement(floorPlace, 2.5, y, -0.2)},${w.box(context, 5, 2, 0.2)},$,.FLOOR.)`);
  const front = slab('Floor front', 1);
  const back = slab('Floor back', 3);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${p},(${building}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${building},(${storey}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${whole},(${south.id},${east.id}))`);
  w.add(`IFCRELAGGREGATES(${w.guid()},$,$,$,${floor},(${front},${back}))`);
  w.add(`IFCRELCONTAINEDINSPATIALSTRUCTURE(${w.guid()},$,$,$,(${whole},${floor}),${storey})`);
  // The window is contained in another storey-level container in the Topologic file; here, none.
  return w.bytes();
}

describe('readIfc: a wall made of walls and a slab made of slabs (hand-written IFC4)', () => {
  let result: IfcImport;
  beforeAll(async () => {
    result = await readIfc(wallsMadeOfWalls());
  });

  it('imports each part as a wall with its own axis, the whole as none, and names the whole on each part', () => {
    const walls = ofKind(result, 'wall');
    expect(walls.map((x) => x.name).sort()).toEqual(['Exterior east', 'Exterior south']);
    const south = walls.find((x) => x.name === 'Exterior south')!;
    const east = walls.find((x) => x.name === 'Exterior east')!;
    expect(south).toMatchObject({ a: [0, 0], b: [5, 0], thickness: 0.3, height: 3 });
    expect(east).toMatchObject({ a: [5, 0], b: [5, 4], thickness: 0.3, height: 3 });
    expect(south.props['Assembly.Name']).toBe('Exterior');
    expect(east.props['Assembly.GlobalId']).toBe(south.props['Assembly.GlobalId']);
    expect(result.warnings.filter((x) => x.code === 'wall_fallback')).toEqual([]);
  });

  it('hosts the window in the part its opening voids, and a door voiding the whole in the part it stands in, without a warning', () => {
    const east = ofKind(result, 'wall').find((x) => x.name === 'Exterior east')!;
    const [window] = ofKind(result, 'window');
    expect(window).toMatchObject({ hostId: east.id, offset: 1.5, width: 1, height: 1.2, sill: 1 });
    // One whose opening voids the whole goes into the part it stands in.
    const south = ofKind(result, 'wall').find((x) => x.name === 'Exterior south')!;
    expect(ofKind(result, 'door')[0]).toMatchObject({ hostId: south.id, offset: 3, width: 0.9, height: 2.1, sill: 0 });
    expect(result.warnings.filter((x) => x.code === 'no_host' || x.code === 'clamped')).toEqual([]);
  });

  it('imports each slab of a slab made of slabs', () => {
    const slabs = ofKind(result, 'slab');
    expect(slabs.map((x) => x.name).sort()).toEqual(['Floor back', 'Floor front']);
    for (const slab of slabs) {
      expect(slab.thickness).toBeCloseTo(0.2, 6);
      expect(polygonArea(slab.polygon)).toBeCloseTo(10, 6);
      expect(slab.props['Assembly.Name']).toBe('Floor');
    }
    expect(result.counts).toMatchObject({ wall: 2, slab: 2, window: 1, door: 1 });
    expect(result.counts.object ?? 0).toBe(0);
  });

  it('passes every lib/model check', () => {
    expectSound(result);
  });
});
