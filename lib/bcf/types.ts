/**
 * A BCF archive (BIM Collaboration Format, buildingSMART) as plain data, the same for BCF 3.0 and
 * 2.1: what `readBcf` returns and `writeBcf` takes. Names follow the XML (README has the mapping);
 * every GUID is a lowercase UUID; dates are xs:dateTime strings as the file wrote them; points and
 * directions are in BCF world coordinates ({@link BcfVector}: metres, z up, the IFC model's frame).
 * Binary parts (snapshots, bitmaps, documents, snippets) are kept as bytes.
 */

/** The BCF versions read and written. A 2.0 archive is read as 2.1 (same layout). */
export type BcfVersion = '3.0' | '2.1';

/**
 * A point or direction in BCF world coordinates: metres, z up (IFC's frame). The brand keeps a
 * three.js (y-up) vector from being passed where a BCF one is expected; convert with
 * `lib/bcf/frame.ts`.
 */
export type BcfVector = { readonly x: number; readonly y: number; readonly z: number } & { readonly __frame: 'bcf-z-up' };

/** Builds a {@link BcfVector}. Throws a RangeError on NaN/Infinity (a programming error). */
export function bcfVector(x: number, y: number, z: number): BcfVector {
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) throw new RangeError(`bcfVector: expected finite numbers, got (${x}, ${y}, ${z})`);
  return { x: x + 0, y: y + 0, z: z + 0 } as BcfVector;
}

export interface BcfArchive {
  readonly version: BcfVersion;
  /** project.bcfp: `ProjectId` (any string) and `Name`. */
  readonly project?: BcfProject;
  /** extensions.xml (3.0; 2.1's extensions.xsd enumerations are read into the same lists). */
  readonly extensions?: BcfExtensions;
  /** Documents stored in the archive (3.0 documents.xml + documents/<guid>; 2.1 files a DocumentReference points to). */
  readonly documents?: readonly BcfDocument[];
  readonly topics: readonly BcfTopic[];
}

export interface BcfProject {
  readonly id: string;
  readonly name?: string;
}

/** The project's allowed values. Topic types and statuses are free strings in BCF; these lists say which a tool offers. */
export interface BcfExtensions {
  readonly topicTypes: readonly string[];
  readonly topicStatuses: readonly string[];
  readonly priorities: readonly string[];
  readonly topicLabels: readonly string[];
  readonly users: readonly string[];
  readonly snippetTypes: readonly string[];
  readonly stages: readonly string[];
}

export interface BcfDocument {
  readonly guid: string;
  readonly filename: string;
  readonly description?: string;
  /** The file's content; absent when the archive lists the document but does not hold it. */
  readonly bytes?: Uint8Array;
}

export interface BcfTopic {
  readonly guid: string;
  readonly serverAssignedId?: string;
  /** TopicType; `''` when a 2.1 file leaves it out (the writer then writes `Issue`). */
  readonly type: string;
  /** TopicStatus; `''` when a 2.1 file leaves it out (the writer then writes `Open`). */
  readonly status: string;
  readonly title: string;
  readonly priority?: string;
  /** Deprecated in BCF 3.0 (sort order), kept when present. */
  readonly index?: number;
  readonly labels: readonly string[];
  readonly creationDate: string;
  /** `''` when the file leaves it out (the writer then writes `unknown`). */
  readonly creationAuthor: string;
  readonly modifiedDate?: string;
  readonly modifiedAuthor?: string;
  readonly dueDate?: string;
  readonly assignedTo?: string;
  readonly stage?: string;
  readonly description?: string;
  readonly bimSnippet?: BcfBimSnippet;
  readonly referenceLinks: readonly string[];
  /** GUIDs of related topics (in this archive or elsewhere). */
  readonly relatedTopics: readonly string[];
  readonly documentReferences: readonly BcfDocumentReference[];
  /** Markup Header/Files: the models the topic was made against. */
  readonly headerFiles: readonly BcfHeaderFile[];
  readonly comments: readonly BcfComment[];
  readonly viewpoints: readonly BcfViewpoint[];
}

export interface BcfHeaderFile {
  /** IfcGuid of the IfcProject (22 characters). */
  readonly ifcProject?: string;
  readonly ifcSpatialStructureElement?: string;
  /** XSD default: true (the model is not in the archive). */
  readonly isExternal: boolean;
  readonly filename?: string;
  readonly date?: string;
  readonly reference?: string;
}

export interface BcfBimSnippet {
  readonly snippetType: string;
  readonly isExternal: boolean;
  readonly reference: string;
  readonly referenceSchema: string;
  /** The snippet file, when it is inside the archive (`isExternal` false). */
  readonly bytes?: Uint8Array;
}

/** A link to a document: a URL, or a {@link BcfDocument} of the archive by GUID. */
export interface BcfDocumentReference {
  readonly guid: string;
  readonly documentGuid?: string;
  readonly url?: string;
  readonly description?: string;
}

export interface BcfComment {
  readonly guid: string;
  readonly date: string;
  readonly author: string;
  /** `''` when the comment has no text (3.0 allows that, e.g. a comment that only links a viewpoint). */
  readonly text: string;
  readonly viewpointGuid?: string;
  readonly modifiedDate?: string;
  readonly modifiedAuthor?: string;
}

export interface BcfViewpoint {
  readonly guid: string;
  /** ViewPoint/Index: sort order. */
  readonly index?: number;
  /** Absent when the file has none (Solibri writes empty viewpoints; a snapshot-only viewpoint). */
  readonly camera?: BcfCamera;
  readonly components: BcfComponents;
  readonly clippingPlanes: readonly BcfClippingPlane[];
  readonly lines: readonly BcfLine[];
  readonly bitmaps: readonly BcfBitmap[];
  readonly snapshot?: BcfSnapshot;
}

interface BcfCameraBase {
  readonly position: BcfVector;
  readonly direction: BcfVector;
  /** Always kept: dropping it loses the camera's roll (and a top view's orientation). */
  readonly up: BcfVector;
  /** Width / height of the view. BCF 3.0 requires it; 2.1 has none (`undefined` when read from 2.1). */
  readonly aspectRatio?: number;
}

export interface BcfPerspectiveCamera extends BcfCameraBase {
  readonly kind: 'perspective';
  /** Vertical field of view in degrees, in (0, 180). */
  readonly fieldOfView: number;
}

export interface BcfOrthogonalCamera extends BcfCameraBase {
  readonly kind: 'orthogonal';
  /** The view's visible vertical size in metres. */
  readonly viewToWorldScale: number;
}

export type BcfCamera = BcfPerspectiveCamera | BcfOrthogonalCamera;

/** A model element by its IfcGuid (22 characters), or by the authoring tool's own id. */
export interface BcfComponent {
  readonly ifcGuid?: string;
  readonly originatingSystem?: string;
  readonly authoringToolId?: string;
}

export interface BcfViewSetupHints {
  readonly spacesVisible: boolean;
  readonly spaceBoundariesVisible: boolean;
  readonly openingsVisible: boolean;
}

export interface BcfComponents {
  /** Components to show selected (highlighted). */
  readonly selection: readonly BcfComponent[];
  readonly visibility: {
    /** true: everything is visible except `exceptions`; false: only `exceptions` are. No Visibility element in the file reads as true. */
    readonly defaultVisibility: boolean;
    readonly exceptions: readonly BcfComponent[];
    readonly viewSetupHints?: BcfViewSetupHints;
  };
  /** `color`: 6 or 8 hex digits as written (RRGGBB, or with alpha). */
  readonly coloring: readonly { readonly color: string; readonly components: readonly BcfComponent[] }[];
}

export interface BcfClippingPlane {
  readonly location: BcfVector;
  /** The plane's normal; what lies on the side it points to is clipped away. */
  readonly direction: BcfVector;
}

export interface BcfLine {
  readonly start: BcfVector;
  readonly end: BcfVector;
}

export interface BcfBitmap {
  readonly format: 'png' | 'jpg';
  /** The file name in the topic folder (or a URL). */
  readonly reference: string;
  readonly location: BcfVector;
  readonly normal: BcfVector;
  readonly up: BcfVector;
  /** Height of the bitmap in the model, in metres. */
  readonly height: number;
  readonly bytes?: Uint8Array;
}

export interface BcfSnapshot {
  readonly bytes: Uint8Array;
  readonly mime: 'image/png' | 'image/jpeg';
}

/** Something the reader took over differently from the file, e.g. "topic … : viewpoint file x.bcfv is missing". */
export interface BcfWarning {
  /**
   * Stable code: `no_version`, `version_2_0`, `broken_part` (an optional part that is not
   * well-formed XML), `guid`, `missing_file`, `snapshot`, `viewpoint`, `duplicate_topic`, `date`,
   * `legacy_viewpoint`.
   */
  readonly code: string;
  /** The sentence shown to the user. */
  readonly message: string;
  /** The topic it is about, if any. */
  readonly topicGuid?: string;
}

/** What {@link readBcf} returns: the archive, and what it had to take over differently. */
export interface BcfImport extends BcfArchive {
  readonly warnings: readonly BcfWarning[];
}

/** Limits of `readBcf`, each guarding memory or time against a hostile or broken file. */
export interface ReadBcfOptions {
  /** Largest archive accepted, in bytes. Default 100 MB (`too_large`). */
  readonly maxBytes?: number;
  /** Most bytes the parts that are read may unpack to, declared or actual. Default 256 MB (`zip_bomb`). */
  readonly maxUncompressedBytes?: number;
  /** Most entries (files and folders) in the zip. Default 10,000 (`too_large`). */
  readonly maxEntries?: number;
}

/** An archive that could not be read at all. */
export class BcfImportError extends Error {
  override readonly name = 'BcfImportError';
  constructor(
    /** Stable code: `too_large`, `not_zip`, `empty`, `zip_bomb`, `no_markup`, `broken_xml`, `unsupported_version`. */
    readonly code: BcfImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type BcfImportErrorCode = 'too_large' | 'not_zip' | 'empty' | 'zip_bomb' | 'no_markup' | 'broken_xml' | 'unsupported_version';
