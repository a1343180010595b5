import type { ElementKind } from '@/lib/model';

/** How each element kind is named on screen (singular, plural). */
export const KIND_LABELS: Record<ElementKind, readonly [string, string]> = {
  wall: ['Wall', 'Walls'],
  space: ['Room', 'Rooms'],
  door: ['Door', 'Doors'],
  window: ['Window', 'Windows'],
  slab: ['Slab', 'Slabs'],
  equipment: ['Equipment', 'Equipment'],
  object: ['Object', 'Objects'],
};

/** Tailwind classes of each kind's badge. */
export const KIND_BADGE: Record<ElementKind, string> = {
  wall: 'bg-slate-200 text-slate-800',
  space: 'bg-emerald-100 text-emerald-800',
  door: 'bg-amber-100 text-amber-800',
  window: 'bg-sky-100 text-sky-800',
  slab: 'bg-stone-200 text-stone-800',
  equipment: 'bg-violet-100 text-violet-800',
  object: 'bg-zinc-100 text-zinc-700',
};

/** Formats metres for display: `3.25 m`. */
export function formatMetres(value: number): string {
  return `${Number(value.toFixed(2))} m`;
}

/** Formats square metres for display: `63 m²`. */
export function formatArea(value: number): string {
  return `${Number(value.toFixed(1))} m²`;
}

/** Formats square metres to the hundredth, for a room's net and gross area: `22.04 m²`. */
export function formatSquareMetres(value: number): string {
  return `${(Math.round(value * 100) / 100 + 0).toFixed(2)} m²`;
}
