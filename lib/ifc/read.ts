/**
 * The IFC reader: bytes in, model records and geometry assets out, the same in Node (REST import,
 * tests) and in a browser module worker (the editor's upload). See lib/ifc/README.md for the
 * mapping, the fallbacks and the errors.
 *
 * A read has two phases, reported through `onProgress`:
 * 1. `reading`: web-ifc parses the file; relations are indexed once; each product is classified,
 *    placed and measured from its IFC semantics (no geometry kernel, no flattened lines).
 * 2. `geometry`: web-ifc meshes the products that need it — objects and equipment for their
 *    assets, doors and windows to place them along their wall, and elements whose semantics
 *    were incomplete — in batches, between which a cancel is honoured.
 * One bad product costs one element and a warning; only a file that cannot be read at all throws.
 */
import type { IfcAPI } from 'web-ifc';
import type { PropValue } from '../model';
import * as W from 'web-ifc';
import { assemble, type Drafts } from './readAssemble';
import { checkIfcBytes, DEFAULT_MAX_BYTES } from './readBytes';
import { draftSlab, draftSpace, draftWall, spaceLabels } from './readElements';
import { MeshCollector, type StreamProblem } from './readMesh';
import { categoryOf, draftOpening, equipmentFields, ownEquipment, placementOf, withoutOwnEquipment, type OwnEquipment } from './readPlaced';
import { describeProduct, ProductIndex, readStoreys, type Product, type ReadContext } from './readProducts';
import { PropsReader } from './readProps';
import { indexRelations } from './readRelations';
import { StepModel, readUnits, refOf, refsOf, textOf, type StepLine } from './readStep';
import { WarningLog } from './readWarnings';
import { IfcImportError, type IfcImport, type IfcSchemaName, type ImportProgress } from './types';
import { captureWebIfcLogs, loadIfcApi, messageOf } from './webIfc';

/** Options of {@link readIfc}. */
export interface ReadIfcOptions {
  /** Progress: `reading` (parse and semantic walk, products done/total), then `geometry` (meshes done/total). */
  onProgress?(p: ImportProgress): void;
  /** Cancels the read: it throws `IfcImportError('cancelled')` at its next check and frees the model. */
  signal?: AbortSignal;
  /** Largest file accepted, in bytes. Default 200 MB: web-ifc holds the whole model in a 2–4 GiB wasm heap. */
  maxBytes?: number;
  /** Where the browser finds `web-ifc.wasm`, absolute (`/wasm/`). Leave undefined in Node. */
  wasmPath?: string;
}

/** How long the reader may run without giving the event loop a turn (to hear a cancel), in ms. */
const YIELD_EVERY_MS = 40;

/**
 * Reads an IFC file (IFC2X3, IFC4, IFC4X3) into storeys, elements and geometry assets.
 * Throws {@link IfcImportError} and nothing else: `too_large`, `not_ifc`, `truncated`,
 * `unsupported_schema`, `broken`, `empty_model`, `cancelled` or `reader_unavailable`.
 */
export async function readIfc(bytes: Uint8Array, options: ReadIfcOptions = {}): Promise<IfcImport> {
  const { signal } = options;
  throwIfCancelled(signal);
  const schema = checkIfcBytes(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const api = await loadIfcApi(options.wasmPath);
  throwIfCancelled(signal);
  const warnings = new WarningLog();
  const opened = captureWebIfcLogs(() => {
    try {
      return api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
    } catch (error) {
      return new Error(messageOf(error));
    }
  });
  for (const line of opened.logs) warnings.add('web_ifc', `web-ifc: ${line}`);
  if (opened.value instanceof Error || opened.value < 0) {
    const reason = opened.value instanceof Error ? opened.value.message : opened.logs[0];
    throw new IfcImportError('broken', `The file could not be read${reason === undefined ? '' : `: ${reason}`}.`);
  }
  const modelID = opened.value;
  try {
    return await readModel(api, modelID, bytes, schema, options, warnings);
  } catch (error) {
    if (error instanceof IfcImportError) throw error;
    throw new IfcImportError('broken', `The file could not be read: ${messageOf(error)}.`);
  } finally {
    api.CloseModel(modelID);
  }
}

async function readModel(api: IfcAPI, modelID: number, bytes: Uint8Array, schema: IfcSchemaName, options: ReadIfcOptions, warnings: WarningLog): Promise<IfcImport> {
  const { signal } = options;
  const progress = (phase: ImportProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total });
  const tick = ticker(signal);
  progress('reading', 0, 0);

  const model = new StepModel(api, modelID, bytes);
  const indexed = captureWebIfcLogs(() => indexRelations(model));
  for (const line of indexed.logs) warnings.add('web_ifc', `web-ifc: ${line}`);
  const project = model.line(model.ids(W.IFCPROJECT)[0]);
  if (project === undefined) throw new IfcImportError('empty_model', 'The file has no IfcProject: there is no building in it to import.');
  const ctx: ReadContext = { model, units: readUnits(model, project), relations: indexed.value, warnings };
  const index = new ProductIndex(ctx);
  const productIds = model.ids(W.IFCPRODUCT, true).filter((id) => index.kindOf(id) !== undefined);
  if (productIds.length === 0 && model.ids(W.IFCBUILDINGSTOREY, true).length === 0 && model.ids(W.IFCBUILDING, true).length === 0) {
    throw new IfcImportError('empty_model', 'The file has no building, storey or element to import.');
  }
  // What the first pass reads by the thousand, in one go (StepModel: from the file's text where
  // it reads exactly as web-ifc would, else in few web-ifc calls): the products and their types,
  // kept; their property and quantity sets, reduced to their values at once.
  model.prefetch(productIds);
  model.prefetch(productIds.flatMap((id) => ctx.relations.typeOf.get(id) ?? []));
  const props = new PropsReader(model, ctx.units);
  props.prefetch(productIds.flatMap((id) => [...(ctx.relations.propertySets.get(id) ?? []), ...refsOf(model.line(ctx.relations.typeOf.get(id))?.HasPropertySets)]));
  const storeys = readStoreys(ctx);
  const isAssembly = (id: number) => index.isAssembly(id);
  const byLine = new Map(storeys.flatMap((s) => (s.line === undefined ? [] : [[s.line, s] as const])));

  // Parts drawn as part of their wall, slab, door or window (IfcOpenHouse's window members).
  const partsOf = new Map<number, number[]>();
  const absorbed = new Set<number>();
  // Assemblies without a shape of their own (a stair, a roof, a curtain wall, a wall made of walls)
  // are not elements: their parts are, and carry the assembly's GlobalId (BCF viewpoints may name it).
  const assemblyOf = new Map<number, number>();
  for (const id of productIds) {
    const whole = index.absorbedBy(id);
    if (whole !== undefined) {
      absorbed.add(id);
      if (refOf(model.line(id)?.Representation) === undefined) continue;
      const parts = partsOf.get(whole);
      if (parts === undefined) partsOf.set(whole, [id]);
      else parts.push(id);
    } else if (isAssembly(id)) {
      for (const part of ctx.relations.children.get(id) ?? []) assemblyOf.set(part, id);
    }
  }

  const collector = new MeshCollector(api, modelID);
  const drafts: Drafts = { walls: [], spaces: [], slabs: [], openings: [], placed: [] };
  const seenGlobalIds = new Set<string>();
  progress('reading', 0, productIds.length);
  for (const [done, id] of productIds.entries()) {
    await tick(() => progress('reading', done, productIds.length));
    const kind = index.kindOf(id)!;
    try {
      const line = model.line(id);
      if (line === undefined) {
        warnings.add('unreadable', `${kind} #${id} could not be read; it was left out.`, id);
        continue;
      }
      if (absorbed.has(id) || isAssembly(id)) continue;
      const sources = [...(refOf(line.Representation) !== undefined ? [id] : []), ...(partsOf.get(id) ?? [])];
      const typeSets = refsOf(model.line(ctx.relations.typeOf.get(id))?.HasPropertySets);
      const read = props.read(ctx.relations.propertySets.get(id) ?? [], typeSets, assemblyProps(model, assemblyOf.get(id)));
      // Equipment ArxOS wrote (whatever class it was written as, IfcBuildingElementProxy for
      // `other`) comes back as equipment, with its own fields from its property set.
      const own = kind === 'object' || kind === 'equipment' ? ownEquipment(read.props) : undefined;
      const product = describeProduct(ctx, line, own === undefined ? kind : 'equipment', { byLine, sorted: storeys }, seenGlobalIds, sources);
      if (read.trimmed) warnings.add('props_trimmed', `${product.label} has more properties than an element can hold (500, strings up to 10,000 characters); the rest were left out.`, id);
      if (own !== undefined && own.rejected.length > 0) warnings.add('equipment', `${product.label}: ${own.rejected.join('; ')}.`, id);
      const elementProps = own === undefined ? read.props : withoutOwnEquipment(read.props);
      const logs = captureWebIfcLogs(() => draftProduct(ctx, product, elementProps, drafts, collector, index.furnishing, own)).logs;
      for (const log of logs) warnings.add('web_ifc', `${product.label}: web-ifc: ${log}`, id);
    } catch (error) {
      warnings.add('unreadable', `${kind} #${id} could not be read (${messageOf(error)}); it was left out.`, id);
    }
  }
  progress('reading', productIds.length, productIds.length);

  const total = collector.total;
  progress('geometry', 0, total);
  const problems: StreamProblem[] = [];
  await collector.stream(async (done) => {
    progress('geometry', done, total);
    await tick();
  }, problems);
  const labels = new Map([...drafts.walls, ...drafts.spaces, ...drafts.slabs, ...drafts.openings, ...drafts.placed].map((d) => [d.product.id, d.product.label]));
  for (const p of problems) {
    const label = p.product === undefined ? undefined : labels.get(p.product);
    warnings.add('web_ifc', label === undefined ? p.message : `${label}: ${p.message}`, p.product);
  }

  const result = await assemble(ctx, storeys, drafts, collector, index, tick);
  return {
    schema,
    project: {
      name: nameOf(project),
      site: nameOf(model.line(model.ids(W.IFCSITE, true)[0])),
      building: nameOf(model.line(model.ids(W.IFCBUILDING, true)[0])),
    },
    ...result,
    warnings: warnings.list(),
  };
}

/** Turns one product into its draft and says which meshes it needs. */
function draftProduct(
  ctx: ReadContext,
  product: Product,
  props: Record<string, PropValue>,
  drafts: Drafts,
  collector: MeshCollector,
  furnishing: ReadonlySet<number>,
  own: OwnEquipment | undefined,
): void {
  const sources = product.meshSources;
  switch (product.kind) {
    case 'wall': {
      const draft = draftWall(ctx, product, props);
      drafts.walls.push({ ...draft, props });
      if (draft.needsMesh) collector.want(product.id, sources, { points: true });
      return;
    }
    case 'space': {
      const draft = draftSpace(ctx, product);
      drafts.spaces.push({ ...draft, props, labels: spaceLabels(product, props) });
      if (draft.needsMesh) collector.want(product.id, sources, { points: true });
      return;
    }
    case 'slab': {
      const draft = draftSlab(ctx, product);
      drafts.slabs.push({ ...draft, props });
      if (draft.needsMesh) collector.want(product.id, sources, { points: true });
      return;
    }
    case 'door':
    case 'window': {
      const draft = draftOpening(ctx, product, product.kind);
      drafts.openings.push({ ...draft, props });
      // Points place it along its wall; the asset is for when it turns out to be a skylight.
      collector.want(product.id, sources, { points: true, asset: draft.placement.frame });
      return;
    }
    case 'equipment':
    case 'object': {
      const placement = placementOf(ctx, product);
      const what = product.kind === 'equipment' ? { equipment: equipmentFields(ctx, product, own) } : { category: categoryOf(product, furnishing) };
      drafts.placed.push({ product, props, placement, ...what });
      collector.want(product.id, sources, { asset: placement.frame });
      return;
    }
  }
}

/** What a part says of the assembly it belongs to: `Assembly.GlobalId`, `.Type`, `.Name`. */
function assemblyProps(model: StepModel, id: number | undefined): Record<string, PropValue> {
  const line = model.line(id);
  if (line === undefined) return {};
  const out: Record<string, PropValue> = { 'Assembly.Type': model.typeName(line) };
  const globalId = textOf(line.GlobalId);
  const name = textOf(line.Name);
  if (globalId !== undefined) out['Assembly.GlobalId'] = globalId;
  if (name !== undefined) out['Assembly.Name'] = name.slice(0, 10_000);
  return out;
}

/** The Name (else LongName) of a project, site or building. */
function nameOf(line: StepLine | undefined): string {
  return (textOf(line?.Name) ?? textOf(line?.LongName) ?? '').slice(0, 200);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new IfcImportError('cancelled', 'The import was cancelled.');
}

/**
 * A check to call often: throws when cancelled, and every {@link YIELD_EVERY_MS} gives the event
 * loop a turn (so that a cancel from the page, or a progress message, gets through) after
 * running `report`.
 */
function ticker(signal: AbortSignal | undefined): (report?: () => void) => Promise<void> {
  let last = performance.now();
  return async (report) => {
    throwIfCancelled(signal);
    if (performance.now() - last < YIELD_EVERY_MS) return;
    report?.();
    await nextTurn();
    last = performance.now();
    throwIfCancelled(signal);
  };
}

/**
 * A turn of the event loop (pending messages, I/O and timers run) without a timer's delay:
 * `setTimeout(0)` waits at least 1 ms in Node and up to 4 ms in browsers, a few times a read.
 * `setImmediate` in Node; elsewhere (the browser worker) a message to ourselves, a task like the
 * page's cancel message.
 */
function nextTurn(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
