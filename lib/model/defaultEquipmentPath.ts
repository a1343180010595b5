/**
 * Where new equipment goes in the equipment tree when nobody says: under its system and the room
 * it stands in, numbered by type: `/electrical/room-101/outlet-1`.
 */
import type { Space } from './elements/space';
import { isPointInPolygon, polygonArea } from './geometry';
import { formatPath } from './paths';
import type { EquipmentSystem } from './systems';
import { planPoint } from './units';

/** The room segment of equipment that stands in no room. */
export const UNASSIGNED_SEGMENT = 'unassigned';

const MAX_SEGMENT = 64;

/**
 * Text as one path segment (the rules of `paths.ts`): lower case, every run of other characters
 * than letters, digits, `_`, `.` and `-` becomes one `-`, no `-` or `.` at either end, at most
 * 64 characters. '' when nothing is left (`'Room 101'` → `room-101`, `'2.14'` → `2.14`).
 */
export function slugSegment(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_SEGMENT)
    .replace(/[-.]+$/g, '');
}

/** The room segment of a space: `room-<number>` when it has a number, else its name slugged. */
export function roomSegment(space: Pick<Space, 'number' | 'name'>): string {
  const number = slugSegment(space.number);
  if (number !== '') return slugSegment(`room-${number}`);
  return slugSegment(space.name) || 'room';
}

/** The room `position` stands in: the smallest space containing it (edges count), if any. */
export function spaceAt(position: readonly [number, number, ...number[]], spaces: Iterable<Pick<Space, 'polygon' | 'number' | 'name'>>) {
  let best: Pick<Space, 'polygon' | 'number' | 'name'> | undefined;
  for (const space of spaces) {
    if (!isPointInPolygon(planPoint(position[0], position[1]), space.polygon)) continue;
    if (best === undefined || polygonArea(space.polygon) < polygonArea(best.polygon)) best = space;
  }
  return best;
}

/**
 * The default path of new equipment of `system` and `type` at `position`:
 * `/<system>/<room>/<type>-<n>`. The room segment comes from the space it stands in (see
 * {@link roomSegment}; {@link UNASSIGNED_SEGMENT} when in none; pass the spaces of its storey),
 * and `n` is the lowest number from 1 that no path in `existingPaths` uses for that type in that
 * room. Always a valid path (`parsePath`).
 */
export function defaultEquipmentPath(
  system: EquipmentSystem,
  type: string,
  position: readonly [number, number, ...number[]],
  spaces: Iterable<Pick<Space, 'polygon' | 'number' | 'name'>>,
  existingPaths: Iterable<string>,
): string {
  const space = spaceAt(position, spaces);
  const room = space ? roomSegment(space) : UNASSIGNED_SEGMENT;
  // Leave room for `-<n>` within the segment limit.
  const base = slugSegment(type).slice(0, MAX_SEGMENT - 6).replace(/[-.]+$/g, '') || 'equipment';
  const taken = new Set(existingPaths);
  let n = 1;
  while (taken.has(formatPath([system, room, `${base}-${n}`]))) n++;
  return formatPath([system, room, `${base}-${n}`]);
}
