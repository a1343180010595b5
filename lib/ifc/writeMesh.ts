/**
 * An element's geometry asset (lib/ifc/meshAsset.ts) as an IFC4 `Tessellation` body: one
 * IfcTriangulatedFaceSet per coloured part, in the element's local placement (the asset's frame is
 * the element's own: plan x/y turned by its rotation, z up, origin at its position), each styled
 * with its colour. Positions shared by several triangles are written once.
 */
import { IFC4 } from 'web-ifc';
import { decodeMeshAsset, type MeshAsset, type MeshPart } from './meshAsset';
import { label, posInt, ratio, type StepModel } from './writeStep';

/** Positions are written to the micrometre (the asset's own quantisation is coarser). */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6 || 0;

/** Colours to surface styles, each written once per model. */
export class SurfaceStyles {
  private readonly styles = new Map<string, IFC4.IfcSurfaceStyle>();

  constructor(private readonly step: StepModel) {}

  /** The style (a reference) for an sRGB colour and opacity, 0..1 each. */
  styleFor([r, g, b, a]: readonly [number, number, number, number]): IFC4.IfcSurfaceStyle {
    const key = [r, g, b, a].map((c) => Math.round(c * 255)).join(',');
    let style = this.styles.get(key);
    if (style === undefined) {
      const colour = new IFC4.IfcColourRgb(null, ratio(r), ratio(g), ratio(b));
      const shading = new IFC4.IfcSurfaceStyleShading(colour, a < 1 ? ratio(1 - a) : null);
      style = this.step.ref(this.step.write(new IFC4.IfcSurfaceStyle(label(`ArxOS ${key}`), IFC4.IfcSurfaceSide.BOTH, [shading])));
      this.styles.set(key, style);
    }
    return style;
  }
}

/** Decodes an asset, or returns the reason it cannot be used. */
export function readAsset(bytes: Uint8Array | undefined): MeshAsset | string {
  if (bytes === undefined) return 'its geometry asset is not available';
  try {
    const asset = decodeMeshAsset(bytes);
    return asset.parts.some((p) => p.indices.length >= 3) ? asset : 'its geometry asset has no triangles';
  } catch (error) {
    return `its geometry asset could not be decoded (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** One part as a face set (not yet written), or undefined when it has no usable triangle. */
function faceSet(part: MeshPart): IFC4.IfcTriangulatedFaceSet | undefined {
  const index = new Map<string, number>();
  // Plain numbers, not IfcLengthMeasure objects: web-ifc writes a number in this REAL list as REAL
  // (`1.`), the same text, and WriteLine reads each object through embind (most of an export's
  // time was spent there: one object per coordinate). Indices stay IfcPositiveInteger objects: a
  // plain number there would be written as a REAL, which readers refuse.
  const coords: number[][] = [];
  const remap = new Uint32Array(part.positions.length / 3);
  for (let i = 0; i < remap.length; i++) {
    const x = round6(part.positions[i * 3]!);
    const y = round6(part.positions[i * 3 + 1]!);
    const z = round6(part.positions[i * 3 + 2]!);
    const key = `${x},${y},${z}`;
    let at = index.get(key);
    if (at === undefined) {
      at = coords.length + 1; // IFC indices are 1-based
      index.set(key, at);
      coords.push([x, y, z]);
    }
    remap[i] = at;
  }
  const triangles: IFC4.IfcPositiveInteger[][] = [];
  for (let t = 0; t + 2 < part.indices.length; t += 3) {
    const a = remap[part.indices[t]!]!;
    const b = remap[part.indices[t + 1]!]!;
    const c = remap[part.indices[t + 2]!]!;
    if (a !== b && b !== c && a !== c) triangles.push([posInt(a), posInt(b), posInt(c)]);
  }
  if (triangles.length === 0) return undefined;
  return new IFC4.IfcTriangulatedFaceSet(new IFC4.IfcCartesianPointList3D(coords as unknown as IFC4.IfcLengthMeasure[][]), null, null, triangles, null);
}

/** The asset's parts as written, styled face sets (references), or an empty list when none has a triangle. */
export function writeMeshItems(step: StepModel, styles: SurfaceStyles, asset: MeshAsset): IFC4.IfcTriangulatedFaceSet[] {
  const items: IFC4.IfcTriangulatedFaceSet[] = [];
  for (const part of asset.parts) {
    const set = faceSet(part);
    if (set === undefined) continue;
    const written = step.ref(step.write(set));
    step.write(new IFC4.IfcStyledItem(written, [styles.styleFor(part.color)], null));
    items.push(written);
  }
  return items;
}
