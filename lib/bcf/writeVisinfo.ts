/**
 * A {@link BcfViewpoint} → the VisualizationInfo element of a `.bcfv`, children in the order of
 * the version's visinfo.xsd sequence. Where 2.1 and 3.0 differ: 2.1 puts ViewSetupHints first in
 * Components, lists Color/Component without a Components wrapper, wants upper-case colours, has no
 * AspectRatio, requires a Visibility element and at least one item in every list it writes, and
 * repeats Bitmap elements (format in a child `Bitmap`, `PNG`/`JPG`) instead of Bitmaps/Bitmap.
 */
import type { BcfBitmap, BcfCamera, BcfComponent, BcfComponents, BcfVector, BcfVersion, BcfViewpoint } from './types';

const IFC_GUID = /^[0-9A-Za-z_$]{22}$/;
const COLOR = /^[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/;

/** The `VisualizationInfo` root for `viewpoint`; `aspectRatio` is what 3.0 writes when the camera has none. */
export function visinfoXml(viewpoint: BcfViewpoint, version: BcfVersion, aspectRatio: number): Record<string, unknown> {
  const v3 = version === '3.0';
  const camera = viewpoint.camera && cameraXml(viewpoint.camera, v3, aspectRatio);
  const planes = viewpoint.clippingPlanes.map((p) => ({ Location: xyz(p.location), Direction: xyz(p.direction) }));
  const lines = viewpoint.lines.map((l) => ({ StartPoint: xyz(l.start), EndPoint: xyz(l.end) }));
  const bitmaps = viewpoint.bitmaps.map((b) => bitmapXml(b, v3));
  return {
    VisualizationInfo: {
      '@Guid': viewpoint.guid,
      Components: componentsXml(viewpoint.components, v3),
      ...camera,
      ...(lines.length > 0 && { Lines: { Line: lines } }),
      ...(planes.length > 0 && { ClippingPlanes: { ClippingPlane: planes } }),
      ...(bitmaps.length > 0 && (v3 ? { Bitmaps: { Bitmap: bitmaps } } : { Bitmap: bitmaps })),
    },
  };
}

function cameraXml(camera: BcfCamera, v3: boolean, fallbackAspect: number): Record<string, unknown> {
  const common = { CameraViewPoint: xyz(camera.position), CameraDirection: xyz(camera.direction), CameraUpVector: xyz(camera.up) };
  const aspect = v3 ? { AspectRatio: finite(camera.aspectRatio ?? fallbackAspect, 'AspectRatio') } : {};
  return camera.kind === 'perspective'
    ? { PerspectiveCamera: { ...common, FieldOfView: finite(camera.fieldOfView, 'FieldOfView'), ...aspect } }
    : { OrthogonalCamera: { ...common, ViewToWorldScale: finite(camera.viewToWorldScale, 'ViewToWorldScale'), ...aspect } };
}

function componentsXml(components: BcfComponents, v3: boolean): Record<string, unknown> {
  const selection = componentList(components.selection);
  const exceptions = componentList(components.visibility.exceptions);
  const hints = components.visibility.viewSetupHints && {
    '@SpacesVisible': String(components.visibility.viewSetupHints.spacesVisible),
    '@SpaceBoundariesVisible': String(components.visibility.viewSetupHints.spaceBoundariesVisible),
    '@OpeningsVisible': String(components.visibility.viewSetupHints.openingsVisible),
  };
  const colors = components.coloring
    .map((c) => ({ color: c.color, list: componentList(c.components) }))
    .filter((c) => COLOR.test(c.color) && c.list.length > 0)
    .map((c) => ({ '@Color': v3 ? c.color : c.color.toUpperCase(), ...(v3 ? { Components: { Component: c.list } } : { Component: c.list }) }));
  const visibility = {
    '@DefaultVisibility': String(components.visibility.defaultVisibility),
    ...(v3 && hints && { ViewSetupHints: hints }),
    ...(exceptions.length > 0 && { Exceptions: { Component: exceptions } }),
  };
  return {
    ...(!v3 && hints && { ViewSetupHints: hints }),
    ...(selection.length > 0 && { Selection: { Component: selection } }),
    Visibility: visibility,
    ...(colors.length > 0 && { Coloring: { Color: colors } }),
  };
}

/** Components as elements; an IfcGuid that is not 22 IFC characters is left out, and a component left with nothing is dropped. */
function componentList(list: readonly BcfComponent[]): Record<string, unknown>[] {
  return list.flatMap((c) => {
    const ifcGuid = c.ifcGuid !== undefined && IFC_GUID.test(c.ifcGuid) ? c.ifcGuid : undefined;
    const originatingSystem = nonBlank(c.originatingSystem);
    const authoringToolId = nonBlank(c.authoringToolId);
    if (!ifcGuid && !authoringToolId) return [];
    return [{ ...(ifcGuid && { '@IfcGuid': ifcGuid }), ...(originatingSystem && { OriginatingSystem: originatingSystem }), ...(authoringToolId && { AuthoringToolId: authoringToolId }) }];
  });
}

function bitmapXml(bitmap: BcfBitmap, v3: boolean): Record<string, unknown> {
  const format = v3 ? { Format: bitmap.format } : { Bitmap: bitmap.format.toUpperCase() };
  return { ...format, Reference: bitmap.reference, Location: xyz(bitmap.location), Normal: xyz(bitmap.normal), Up: xyz(bitmap.up), Height: finite(bitmap.height, 'Height') };
}

function xyz(v: BcfVector): Record<string, string> {
  return { X: finite(v.x, 'X'), Y: finite(v.y, 'Y'), Z: finite(v.z, 'Z') };
}

/** A number as xs:double text. A non-finite one is a programming error (readBcf never makes one). */
function finite(n: number, what: string): string {
  if (!Number.isFinite(n)) throw new RangeError(`writeBcf: ${what} must be a finite number, got ${n}`);
  return String(n + 0);
}

function nonBlank(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}
