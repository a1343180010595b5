/**
 * Export: an ArxOS building as IFC4 bytes (ISO 10303-21), written with web-ifc.
 *
 * The file holds one IfcProject (named after the building) > IfcSite > IfcBuilding (with its
 * postal address) > one IfcBuildingStorey per storey (bottom to top), METRE/RADIAN units, one
 * IfcOwnerHistory (person, organisation and application "ArxOS"), and a Model context with Body,
 * Axis and FootPrint sub-contexts. Elements are written as lib/ifc/writeElements.ts describes,
 * contained in their storey (spaces aggregated by it), with their `props` as property sets
 * (lib/ifc/writeProperties.ts).
 *
 * Determinism: every GlobalId is derived (lib/ifc/guid.ts): elements and storeys by
 * {@link globalIdOf}; project, site and building from `options.buildingId` (else the building's
 * `createdAt`); relations, openings and property sets from what they relate. Given the same `now`,
 * two exports of one snapshot are byte for byte the same.
 *
 * web-ifc does not validate what it writes, so each element writer checks its input first; an
 * element that cannot be written is left out and listed in {@link WriteIfcReport.skipped}.
 */
import { IFC4, Schemas, type IfcAPI } from 'web-ifc';
import type { BuildingSnapshot, Element, ElementKind, Storey, Wall } from '../model';
import { checkElementReferences, isPlacedOpening, snapshotLookup } from '../model';
import { globalIdOf, hashedIfcGuid } from './guid';
import { SurfaceStyles } from './writeMesh';
import { writeOpening, writeOpeningInSlab, writePlaced, writeSlab, writeSpace, writeWall, type ExportScope, type StoreyFrame, type Written, type WrittenSlab, type WrittenWall } from './writeElements';
import { groupProps, propertySet } from './writeProperties';
import { loadIfcApi, messageOf } from './webIfc';
import { writeProjectFrame } from './writeProject';
import { axis3, guidValue, label, len, nonNegLen, optLabel, refs, StepModel } from './writeStep';

/** Options of {@link writeIfc}. */
export interface WriteIfcOptions {
  /**
   * Folder of `web-ifc.wasm` as an absolute URL path (browser workers: `WEB_IFC_WASM_PATH`); in
   * Node leave it unset. Only the first reader or writer call of a process initialises web-ifc
   * (single-threaded), so the first call's path is the one used.
   */
  readonly wasmPath?: string;
  /** The export's time (header and owner history). Default: now. */
  readonly now?: Date;
  /** The application named in the header and owner history. Default `ArxOS`. */
  readonly application?: string;
  /**
   * Encoded geometry assets by sha256 (lib/ifc/meshAsset.ts). When it returns an element's asset,
   * the element's real mesh is exported instead of a box. Default: none.
   */
  readonly assets?: (hash: string) => Uint8Array | undefined;
  /** Stable id of the building, the seed of the project/site/building GlobalIds. Default: `meta.createdAt`. */
  readonly buildingId?: string;
}

/** What one export wrote and left out. */
export interface WriteIfcReport {
  /** The IFC4 file. */
  readonly bytes: Uint8Array;
  /** Elements not in the file, each with the reason in words. */
  readonly skipped: { readonly id: string; readonly reason: string }[];
  /** Elements in the file but written differently from the model (e.g. a box for a missing mesh, a new GlobalId for a duplicate). */
  readonly warnings: { readonly id: string; readonly reason: string }[];
}

/**
 * The process's (or worker's) one initialised web-ifc, shared with the reader (lib/ifc/webIfc.ts),
 * so an app that imports and exports holds one wasm heap, not two.
 */
async function loadWebIfc(wasmPath: string | undefined): Promise<IfcAPI> {
  try {
    return await loadIfcApi(wasmPath);
  } catch (error) {
    throw new Error(`web-ifc could not start, so nothing was exported (${messageOf(error)})`, { cause: error });
  }
}

/** Exports `building` as IFC4 bytes; see {@link writeIfcReport} for what it leaves out. */
export async function writeIfc(building: BuildingSnapshot, options: WriteIfcOptions = {}): Promise<Uint8Array> {
  return (await writeIfcReport(building, options)).bytes;
}

/** Kinds in the order they are written: hosts before what they host. */
const KIND_ORDER: readonly ElementKind[] = ['wall', 'slab', 'space', 'door', 'window', 'equipment', 'object'];

/** Exports `building` as IFC4 bytes, with the elements it had to leave out and why. */
export async function writeIfcReport(building: BuildingSnapshot, options: WriteIfcOptions = {}): Promise<WriteIfcReport> {
  const api = await loadWebIfc(options.wasmPath);
  const now = options.now ?? new Date();
  const application = options.application ?? 'ArxOS';
  const fileName = `${building.meta.name.replace(/[^A-Za-z0-9 _.-]+/g, '_').trim() || 'building'}.ifc`;
  const modelId = api.CreateModel({
    schema: Schemas.IFC4,
    name: fileName,
    description: ['ViewDefinition [DesignTransferView_V1.0]'],
    authors: [application],
    organizations: [application],
  });
  if (modelId < 0) throw new Error('web-ifc could not create an IFC4 model');
  const skipped: { id: string; reason: string }[] = [];
  const warnings: { id: string; reason: string }[] = [];
  try {
    writeBuilding(new StepModel(api, modelId), building, { ...options, now, application }, skipped, warnings);
    const bytes = api.SaveModel(modelId);
    return { bytes: astralAsX4(rewriteFileName(bytes, fileName, now, application, String(api.GetVersion()))), skipped, warnings };
  } finally {
    api.CloseModel(modelId);
  }
}

type ResolvedOptions = WriteIfcOptions & { readonly now: Date; readonly application: string };

function writeBuilding(step: StepModel, building: BuildingSnapshot, options: ResolvedOptions, skipped: WriteIfcReport['skipped'], warnings: WriteIfcReport['warnings']): void {
  const { meta } = building;
  const seed = options.buildingId ?? meta.createdAt;
  const guid = (key: string) => guidValue(hashedIfcGuid(`/${key}`));

  const { ownerHistory, contexts, ifcBuilding, buildingPlacement } = writeProjectFrame(step, meta, { ...options, seed, guid });

  // Storeys, bottom to top.
  const usedGuids = new Set<string>();
  const claim = (record: { id: string; ifc?: { globalId: string } }): string => {
    let id = globalIdOf(record);
    for (let n = 0; usedGuids.has(id); n++) {
      id = hashedIfcGuid(n === 0 ? record.id : `${record.id}/${n}`);
      if (n === 0) warnings.push({ id: record.id, reason: 'its GlobalId is already used by another element: exported with a new one' });
    }
    usedGuids.add(id);
    return id;
  };
  const storeys = Object.values(building.storeys).sort(byStoreyOrder);
  const frames = new Map<string, StoreyFrame & { storey: IFC4.IfcBuildingStorey; guid: string; contained: unknown[]; spaces: unknown[] }>();
  for (const storey of storeys) {
    const elevation = Number.isFinite(storey.elevation) ? storey.elevation : 0;
    const placement = step.ref(step.write(new IFC4.IfcLocalPlacement(buildingPlacement, axis3(0, 0, elevation))));
    const id = claim(storey);
    const entity = step.ref(
      step.write(new IFC4.IfcBuildingStorey(guidValue(id), ownerHistory, optLabel(storey.name), null, null, placement, null, null, IFC4.IfcElementCompositionEnum.ELEMENT, len(elevation))),
    );
    frames.set(storey.id, { placement, height: storey.height, storey: entity, guid: id, contained: [], spaces: [] });
  }
  if (frames.size > 0) step.write(new IFC4.IfcRelAggregates(guid(`aggregates/building/${seed}`), ownerHistory, null, null, ifcBuilding, [...frames.values()].map((f) => f.storey)));

  // Elements, hosts first.
  const scope: ExportScope = {
    step,
    ownerHistory,
    contexts,
    styles: new SurfaceStyles(step),
    guid,
    asset: (hash) => options.assets?.(hash),
    warn: (id, reason) => warnings.push({ id, reason }),
  };
  const walls = new Map<string, WrittenWall>();
  const slabs = new Map<string, WrittenSlab>();
  const lookup = snapshotLookup(building);
  const wallsByThickness = new Map<number, unknown[]>();
  const propertyOwners: [string, unknown, Element][] = [];
  const elements = Object.values(building.elements).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compare(a.id, b.id));
  for (const element of elements) {
    const frame = frames.get(element.storeyId);
    if (frame === undefined) {
      skipped.push({ id: element.id, reason: 'its storey does not exist' });
      continue;
    }
    let host: WrittenWall | WrittenSlab | undefined;
    if (element.kind === 'door' || element.kind === 'window') {
      const inSlab = isPlacedOpening(element);
      host = inSlab ? slabs.get(element.hostId) : walls.get(element.hostId);
      if (host === undefined) {
        const what = inSlab ? 'slab' : 'wall';
        const found = building.elements[element.hostId];
        // A host of the wrong kind for how it is placed (a peer can write that): the model's own words.
        const [problem] = found === undefined ? [] : checkElementReferences(element, lookup).filter((issue) => issue.path !== 'storeyId');
        skipped.push({ id: element.id, reason: found?.kind === what ? `its ${what} could not be exported` : (problem?.message ?? `its host ${what} does not exist`) });
        continue;
      }
    }
    const globalId = claim(element);
    let written: Written<unknown>;
    try {
      written = writeElement(scope, element, globalId, frame, host);
    } catch (error) {
      written = { ok: false, reason: `web-ifc could not write it (${error instanceof Error ? error.message : String(error)})` };
    }
    if (!written.ok) {
      usedGuids.delete(globalId);
      skipped.push({ id: element.id, reason: written.reason });
      continue;
    }
    let product = written.product;
    if (element.kind === 'wall') {
      const wall = written.product as WrittenWall;
      product = wall.product;
      walls.set(element.id, wall);
      const group = wallsByThickness.get(element.thickness) ?? [];
      wallsByThickness.set(element.thickness, group);
      group.push(product);
    } else if (element.kind === 'slab') {
      slabs.set(element.id, { product: product as IFC4.IfcSlab, thickness: element.thickness });
    }
    (element.kind === 'space' ? frame.spaces : frame.contained).push(product);
    propertyOwners.push([globalId, product, element]);
  }

  // Spatial relations, one of each kind per storey.
  for (const frame of frames.values()) {
    if (frame.contained.length > 0) {
      step.write(new IFC4.IfcRelContainedInSpatialStructure(guid(`contains/${frame.guid}`), ownerHistory, null, null, refs(frame.contained), frame.storey));
    }
    if (frame.spaces.length > 0) step.write(new IFC4.IfcRelAggregates(guid(`aggregates/storey/${frame.guid}`), ownerHistory, null, null, frame.storey, refs(frame.spaces)));
  }

  writeWallMaterials(scope, wallsByThickness, seed);
  writePropertySets(scope, propertyOwners);
}

/** Wall thickness as one material layer set usage per thickness (see lib/ifc/writeElements.ts). */
function writeWallMaterials({ step, ownerHistory, guid }: ExportScope, wallsByThickness: ReadonlyMap<number, unknown[]>, seed: string): void {
  if (wallsByThickness.size === 0) return;
  const material = step.ref(step.write(new IFC4.IfcMaterial(label('Wall'), null, null)));
  for (const [thickness, group] of [...wallsByThickness].sort(([a], [b]) => a - b)) {
    const mm = Math.round(thickness * 1e4) / 10;
    const layer = new IFC4.IfcMaterialLayer(material, nonNegLen(thickness), null, label('Core'), null, null, null);
    const set = new IFC4.IfcMaterialLayerSet([layer], label(`Wall ${mm} mm`), null);
    const usage = new IFC4.IfcMaterialLayerSetUsage(set, IFC4.IfcLayerSetDirectionEnum.AXIS2, IFC4.IfcDirectionSenseEnum.POSITIVE, len(-thickness / 2), null);
    step.write(new IFC4.IfcRelAssociatesMaterial(guid(`material/${seed}/${thickness}`), ownerHistory, null, null, refs(group), step.ref(step.write(usage))));
  }
}

/** Each element's props (and an equipment's ArxOS_Equipment set) as property sets. */
function writePropertySets({ step, ownerHistory, guid }: ExportScope, owners: readonly (readonly [string, unknown, Element])[]): void {
  for (const [globalId, product, element] of owners) {
    const extra: Record<string, Record<string, string>> = element.kind === 'equipment' ? { ArxOS_Equipment: { System: element.system, Status: element.status, Path: element.path } } : {};
    for (const [name, entries] of groupProps(element.props, extra)) {
      const set = step.ref(step.write(propertySet(guid(`pset/${globalId}/${name}`), ownerHistory, name, entries)));
      step.write(new IFC4.IfcRelDefinesByProperties(guid(`defines/${globalId}/${name}`), ownerHistory, null, null, refs([product]), set));
    }
  }
}

function writeElement(scope: ExportScope, element: Element, globalId: string, frame: StoreyFrame, host: WrittenWall | WrittenSlab | undefined): Written<unknown> {
  switch (element.kind) {
    case 'wall':
      return writeWall(scope, element as Wall, globalId, frame);
    case 'door':
    case 'window':
      return isPlacedOpening(element) ? writeOpeningInSlab(scope, element, globalId, host as WrittenSlab, frame) : writeOpening(scope, element, globalId, host as WrittenWall);
    case 'space':
      return writeSpace(scope, element, globalId, frame);
    case 'slab':
      return writeSlab(scope, element, globalId, frame);
    case 'equipment':
    case 'object':
      return writePlaced(scope, element, globalId, frame);
    default:
      return { ok: false, reason: `its kind "${(element as { kind: string }).kind}" has no IFC form` };
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byStoreyOrder(a: Storey, b: Storey): number {
  return a.order - b.order || a.elevation - b.elevation || compare(a.id, b.id);
}

/** STEP string literal of an ASCII-only string. */
const stepString = (s: string) => `'${s.replace(/[^\x20-\x7e]/g, '_').replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * web-ifc writes a character beyond the Basic Multilingual Plane (an emoji, a rare CJK ideograph)
 * as its two UTF-16 surrogates inside `\X2\…\X0\`; ISO 10303-21 (8.3.3) has `\X2\` for BMP
 * characters only and `\X4\` (eight hex digits each) for the rest, and readers that decode `\X2\`
 * character by character (IfcOpenShell among them) turn surrogates into garbage. This rewrites each
 * such run: BMP characters stay in `\X2\`, each surrogate pair becomes `\X4\`. A lone surrogate
 * (not a character) is left as written. The file is ASCII (web-ifc escapes the rest), so a byte
 * is a character; in it `\X2\` only ever opens an escape (a backslash of a name is written `\\`,
 * and is never followed by hex digits).
 */
export function astralAsX4(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes);
  const isPair = (units: readonly number[], i: number) => units[i]! >= 0xd800 && units[i]! <= 0xdbff && units[i + 1] !== undefined && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff;
  let changed = false;
  const out = text.replace(/\\X2\\((?:[0-9A-F]{4})+)\\X0\\/g, (run: string, hex: string) => {
    const units = hex.match(/.{4}/g)!.map((h) => parseInt(h, 16));
    if (!units.some((_, i) => isPair(units, i))) return run;
    changed = true;
    let result = '';
    let bmp = '';
    const flush = () => {
      if (bmp !== '') result += `\\X2\\${bmp}\\X0\\`;
      bmp = '';
    };
    for (let i = 0; i < units.length; i++) {
      if (isPair(units, i)) {
        flush();
        const codePoint = 0x10000 + ((units[i]! - 0xd800) << 10) + (units[i + 1]! - 0xdc00);
        result += `\\X4\\${codePoint.toString(16).toUpperCase().padStart(8, '0')}\\X0\\`;
        i++;
      } else bmp += units[i]!.toString(16).toUpperCase().padStart(4, '0');
    }
    flush();
    return result;
  });
  if (!changed) return bytes;
  const encoded = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) encoded[i] = out.charCodeAt(i);
  return encoded;
}

/**
 * web-ifc writes FILE_NAME with the wall-clock time and itself as the originating system; this
 * puts the export's `now` and application there instead (the header is ASCII, before `DATA;`).
 */
function rewriteFileName(bytes: Uint8Array, fileName: string, now: Date, application: string, version: string): Uint8Array {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  const match = /FILE_NAME\([\s\S]*?\);\r?\n/.exec(head);
  const end = head.indexOf('DATA;');
  if (match === null || end < 0 || match.index > end) return bytes;
  const stamp = now.toISOString().slice(0, 19);
  const line = `FILE_NAME(${stepString(fileName)},'${stamp}',(${stepString(application)}),(${stepString(application)}),${stepString(`web-ifc ${version}`)},${stepString(application)},$);\n`;
  const prefix = new TextEncoder().encode(head.slice(0, match.index) + line);
  const rest = bytes.subarray(match.index + match[0].length);
  const out = new Uint8Array(prefix.length + rest.length);
  out.set(prefix);
  out.set(rest, prefix.length);
  return out;
}
