/**
 * Equipment paths: `/electrical/circuits/2/outlet_2A`.
 *
 * Rules (strict, enforced by {@link parsePath}):
 * 1. A path starts with `/` and has at least one segment; the root `/` alone is not a path.
 * 2. The first segment is a system from {@link EQUIPMENT_SYSTEMS} (lower case).
 * 3. Segments match `[A-Za-z0-9_.-]+`, are at most 64 characters, and are not `.` or `..`.
 * 4. No empty segments: a trailing slash or `//` makes a path invalid. Use {@link normalizePath}
 *    on user input first; it trims whitespace, collapses repeated slashes, drops a trailing
 *    slash and adds the leading one. Segments are case-sensitive.
 * 5. At most 32 segments and 1024 characters.
 */
import { err, modelError, ok, type ModelError, type Result } from './result';
import { EQUIPMENT_SYSTEMS, isEquipmentSystem, type EquipmentSystem } from './systems';

/** A parsed, valid equipment path. */
export interface ParsedPath {
  /** The canonical string, e.g. `/electrical/circuits/2`. */
  readonly path: string;
  /** All segments, the first being the system. */
  readonly segments: readonly string[];
  readonly system: EquipmentSystem;
}

/** Allowed characters of one segment. */
export const PATH_SEGMENT_PATTERN = /^[A-Za-z0-9_.-]+$/;
const MAX_SEGMENTS = 32;
const MAX_SEGMENT_LENGTH = 64;
const MAX_PATH_LENGTH = 1024;

function segmentProblem(seg: string): string | undefined {
  if (seg === '') return 'must not be empty (no "//" and no trailing "/")';
  if (seg === '.' || seg === '..') return `must not be "${seg}"`;
  if (seg.length > MAX_SEGMENT_LENGTH) return `must be at most ${MAX_SEGMENT_LENGTH} characters`;
  if (!PATH_SEGMENT_PATTERN.test(seg)) return `"${seg}" may only contain letters, digits, "_", "." and "-"`;
  return undefined;
}

/** Parses a path strictly (see the module rules); every problem is reported. */
export function parsePath(input: string): Result<ParsedPath, ModelError> {
  const fail = (path: string, message: string) => err(modelError('invalid_path', 'path', [{ path, message }]));
  if (typeof input !== 'string') return fail('', 'must be a string');
  if (input.length > MAX_PATH_LENGTH) return fail('', `must be at most ${MAX_PATH_LENGTH} characters`);
  if (!input.startsWith('/')) return fail('', `must start with "/", e.g. "/electrical/panel_1"`);
  if (input === '/') return fail('', 'must have at least one segment (a system)');
  const segments = input.slice(1).split('/');
  if (segments.length > MAX_SEGMENTS) return fail('', `must have at most ${MAX_SEGMENTS} segments`);
  const issues = segments.flatMap((seg, i) => {
    const problem = segmentProblem(seg);
    return problem === undefined ? [] : [{ path: `[${i}]`, message: problem }];
  });
  const system = segments[0]!;
  if (issues.length === 0 && !isEquipmentSystem(system)) {
    issues.push({ path: '[0]', message: `first segment must be a system: one of ${EQUIPMENT_SYSTEMS.join(', ')}` });
  }
  if (issues.length > 0) return err(modelError('invalid_path', `path "${input}"`, issues));
  return ok({ path: input, segments, system: system as EquipmentSystem });
}

/** True when {@link parsePath} accepts `input`. */
export function isValidPath(input: string): boolean {
  return parsePath(input).ok;
}

/** Joins segments into a path (`['hvac', 'ahu_1']` → `/hvac/ahu_1`). Does not validate. */
export function formatPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * Lenient clean-up of user input: trims whitespace, collapses repeated `/`, removes a trailing
 * `/` and ensures a leading one. Does not validate segments. `'' → '/'`.
 */
export function normalizePath(input: string): string {
  const segments = input
    .trim()
    .split('/')
    .filter((s) => s !== '');
  return formatPath(segments);
}

function segmentsOf(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

/**
 * True when `ancestor` is a proper ancestor of `path`, comparing whole segments
 * (`/electrical/circ` is not an ancestor of `/electrical/circuits/1`). The root `/` is an
 * ancestor of every path; a path is not its own ancestor.
 */
export function isAncestor(ancestor: string, path: string): boolean {
  const a = segmentsOf(ancestor);
  const p = segmentsOf(path);
  return a.length < p.length && a.every((seg, i) => seg === p[i]);
}

/** Parent of a path: `/electrical/circuits` → `/electrical`, `/electrical` → `/`, `/` → undefined. */
export function parentPath(path: string): string | undefined {
  const segs = segmentsOf(path);
  if (segs.length === 0) return undefined;
  return formatPath(segs.slice(0, -1));
}

/**
 * Natural order comparison: digit runs compare by value (`outlet_2` < `outlet_10`), other
 * runs by code point; ties on value (`2` vs `02`) fall back to plain comparison.
 */
export function compareNatural(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const diff = BigInt(x) - BigInt(y);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Names of the direct children of `parent` among `paths` (the next segment of every path below
 * it), unique and naturally sorted. `listChildren(paths, '/')` lists the systems in use.
 */
export function listChildren(paths: Iterable<string>, parent: string): string[] {
  const depth = segmentsOf(parent).length;
  const names = new Set<string>();
  for (const p of paths) {
    if (isAncestor(parent, p)) names.add(segmentsOf(p)[depth]!);
  }
  return [...names].sort(compareNatural);
}
