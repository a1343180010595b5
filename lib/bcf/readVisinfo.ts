/**
 * A viewpoint file (`.bcfv`, VisualizationInfo) → camera, components, clipping planes, lines and
 * bitmaps. Both versions' shapes are accepted wherever they differ: ViewSetupHints under
 * Components (2.1) or Visibility (3.0); Color/Component (2.1) or Color/Components/Component (3.0);
 * Bitmap elements (2.1, format in a child `Bitmap`) or Bitmaps/Bitmap (3.0, `Format`); no
 * AspectRatio (2.1); no camera at all (Solibri writes empty viewpoints).
 */
import type { ReadContext } from './readContext';
import { bcfVector, type BcfBitmap, type BcfCamera, type BcfClippingPlane, type BcfComponent, type BcfComponents, type BcfLine, type BcfVector, type BcfViewSetupHints, type BcfViewpoint } from './types';
import { attr, boolAttr, child, children, isNode, num, text, type XmlNode } from './xml';

export type VisinfoContent = Pick<BcfViewpoint, 'camera' | 'components' | 'clippingPlanes' | 'lines' | 'bitmaps'>;

/** Where a viewpoint's bitmap files are looked up: the topic folder. */
export type FileLookup = (reference: string) => Uint8Array | undefined;

/** What a viewpoint without a viewpoint file shows: the model as it is. */
export const EMPTY_VISINFO: VisinfoContent = {
  components: { selection: [], visibility: { defaultVisibility: true, exceptions: [] }, coloring: [] },
  clippingPlanes: [],
  lines: [],
  bitmaps: [],
};

/** Reads the root of a `.bcfv`. `what` names it in warnings ("viewpoint 1605… of topic 6e9a…"). */
export function readVisinfo(root: XmlNode, what: string, topicGuid: string, ctx: ReadContext, file: FileLookup): VisinfoContent {
  const vi = child(root, 'VisualizationInfo');
  const warn = (message: string) => ctx.warn('viewpoint', `${what}: ${message}`, topicGuid);
  const camera = readCamera(vi, warn);
  const clippingPlanes: BcfClippingPlane[] = [];
  for (const plane of children(child(vi, 'ClippingPlanes'), 'ClippingPlane')) {
    const location = vector(child(plane, 'Location'));
    const direction = vector(child(plane, 'Direction'));
    if (location && direction) clippingPlanes.push({ location, direction });
    else warn('a clipping plane without a valid location and direction was left out.');
  }
  const lines: BcfLine[] = [];
  for (const line of children(child(vi, 'Lines'), 'Line')) {
    const start = vector(child(line, 'StartPoint'));
    const end = vector(child(line, 'EndPoint'));
    if (start && end) lines.push({ start, end });
    else warn('a line without valid end points was left out.');
  }
  const bitmaps: BcfBitmap[] = [];
  for (const bitmap of [...children(child(vi, 'Bitmaps'), 'Bitmap'), ...children(vi, 'Bitmap')]) {
    const read = readBitmap(bitmap, file);
    if (read) bitmaps.push(read);
    else warn('a bitmap without a format, file, position or height was left out.');
  }
  return { ...(camera && { camera }), components: readComponents(child(vi, 'Components')), clippingPlanes, lines, bitmaps };
}

function readCamera(vi: XmlNode, warn: (message: string) => void): BcfCamera | undefined {
  const perspective = vi['PerspectiveCamera'];
  const orthogonal = vi['OrthogonalCamera'];
  if (isNode(perspective)) {
    const base = cameraBase(perspective);
    const fieldOfView = num(perspective, 'FieldOfView');
    if (base && fieldOfView !== undefined && fieldOfView > 0 && fieldOfView < 180) return { kind: 'perspective', ...base, fieldOfView };
    warn('its perspective camera is incomplete or invalid and was left out.');
  }
  if (isNode(orthogonal)) {
    const base = cameraBase(orthogonal);
    const viewToWorldScale = num(orthogonal, 'ViewToWorldScale');
    if (base && viewToWorldScale !== undefined && viewToWorldScale > 0) return { kind: 'orthogonal', ...base, viewToWorldScale };
    warn('its orthogonal camera is incomplete or invalid and was left out.');
  }
  return undefined;
}

function cameraBase(camera: XmlNode): { position: BcfVector; direction: BcfVector; up: BcfVector; aspectRatio?: number } | undefined {
  const position = vector(child(camera, 'CameraViewPoint'));
  const direction = vector(child(camera, 'CameraDirection'));
  const up = vector(child(camera, 'CameraUpVector'));
  if (!position || !direction || !up || isZero(direction)) return undefined;
  const aspectRatio = num(camera, 'AspectRatio');
  return { position, direction, up, ...(aspectRatio !== undefined && aspectRatio > 0 && { aspectRatio }) };
}

function readComponents(components: XmlNode): BcfComponents {
  const hasVisibility = components['Visibility'] !== undefined;
  const visibility = child(components, 'Visibility');
  const hintsNode = isNode(visibility['ViewSetupHints']) ? visibility['ViewSetupHints'] : components['ViewSetupHints'];
  const viewSetupHints: BcfViewSetupHints | undefined = isNode(hintsNode)
    ? {
        spacesVisible: boolAttr(hintsNode, 'SpacesVisible', false),
        spaceBoundariesVisible: boolAttr(hintsNode, 'SpaceBoundariesVisible', false),
        openingsVisible: boolAttr(hintsNode, 'OpeningsVisible', false),
      }
    : undefined;
  return {
    selection: componentList(child(components, 'Selection')),
    visibility: {
      // No Visibility: nothing is said, so the model shows as it is. A Visibility without the attribute: the XSD default, false.
      defaultVisibility: hasVisibility ? boolAttr(visibility, 'DefaultVisibility', false) : true,
      exceptions: componentList(child(visibility, 'Exceptions')),
      ...(viewSetupHints && { viewSetupHints }),
    },
    coloring: children(child(components, 'Coloring'), 'Color').flatMap((color) => {
      const value = attr(color, 'Color');
      const list = [...componentList(child(color, 'Components')), ...componentList(color)];
      return value && list.length > 0 ? [{ color: value, components: list }] : [];
    }),
  };
}

function componentList(parent: XmlNode): BcfComponent[] {
  return children(parent, 'Component').flatMap((c) => {
    const ifcGuid = attr(c, 'IfcGuid');
    const originatingSystem = text(c, 'OriginatingSystem');
    const authoringToolId = text(c, 'AuthoringToolId');
    if (!ifcGuid && !authoringToolId) return [];
    return [{ ...(ifcGuid && { ifcGuid }), ...(originatingSystem && { originatingSystem }), ...(authoringToolId && { authoringToolId }) }];
  });
}

function readBitmap(bitmap: XmlNode, file: FileLookup): BcfBitmap | undefined {
  const format = (text(bitmap, 'Format') ?? text(bitmap, 'Bitmap'))?.toLowerCase();
  const reference = text(bitmap, 'Reference');
  const location = vector(child(bitmap, 'Location'));
  const normal = vector(child(bitmap, 'Normal'));
  const up = vector(child(bitmap, 'Up'));
  const height = num(bitmap, 'Height');
  if (!format || !reference || !location || !normal || !up || height === undefined) return undefined;
  const kind = format === 'png' ? 'png' : format === 'jpg' || format === 'jpeg' ? 'jpg' : undefined;
  if (!kind) return undefined;
  const bytes = file(reference);
  return { format: kind, reference, location, normal, up, height, ...(bytes && { bytes }) };
}

function vector(node: XmlNode): BcfVector | undefined {
  const x = num(node, 'X');
  const y = num(node, 'Y');
  const z = num(node, 'Z');
  return x === undefined || y === undefined || z === undefined ? undefined : bcfVector(x, y, z);
}

function isZero(v: BcfVector): boolean {
  return v.x === 0 && v.y === 0 && v.z === 0;
}
