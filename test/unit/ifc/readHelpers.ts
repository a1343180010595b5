/** Shared checks and fixtures of the IFC reader tests (test/unit/ifc/read*.test.ts). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { decodeMeshAsset } from '@/lib/ifc/meshAsset';
import type { IfcImport } from '@/lib/ifc/types';
import { IfcImportError } from '@/lib/ifc/types';
import { checkElementReferences, checkHostedOpenings, isOpening, validateElement, validateStorey, type Element, type Opening } from '@/lib/model';

/** The sample files: `../shared/ifc` beside the repository (shared/ifc/SOURCES.md). */
export const SAMPLES = fileURLToPath(new URL('../../../../shared/ifc/', import.meta.url));

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${SAMPLES}${name}`));
}

export const GLOBAL_ID = /^[0-3][0-9A-Za-z_$]{21}$/;

/** Elements of one kind. */
export function ofKind<K extends Element['kind']>(result: IfcImport, kind: K): Extract<Element, { kind: K }>[] {
  return result.elements.filter((e): e is Extract<Element, { kind: K }> => e.kind === kind);
}

/**
 * What every import must satisfy: lib/model accepts every storey and element and every
 * reference between them, storeys are ordered bottom to top, GlobalIds are valid and unique,
 * counts add up, and every asset named exists and decodes.
 */
export function expectSound(result: IfcImport, options: { everyPlacedHasAsset?: boolean } = {}): void {
  result.storeys.forEach((storey, i) => {
    const checked = validateStorey(storey);
    expect(checked.ok ? '' : checked.error.message).toBe('');
    expect(storey.order).toBe(i);
    if (i > 0) expect(storey.elevation).toBeGreaterThanOrEqual(result.storeys[i - 1]!.elevation);
  });
  const storeyIds = new Set(result.storeys.map((s) => s.id));
  const byId = new Map(result.elements.map((e) => [e.id, e]));
  const lookup = { hasStorey: (id: string) => storeyIds.has(id), getElement: (id: string) => byId.get(id) };
  const problems: string[] = [];
  for (const element of result.elements) {
    const checked = validateElement(element);
    if (!checked.ok) problems.push(`${element.kind} ${element.name}: ${checked.error.message}`);
    for (const issue of checkElementReferences(element, lookup)) problems.push(`${element.kind} ${element.name}: ${issue.path} ${issue.message}`);
  }
  const hosted = new Map<string, Opening[]>();
  for (const e of result.elements) if (isOpening(e)) hosted.set(e.hostId, [...(hosted.get(e.hostId) ?? []), e]);
  for (const e of result.elements) {
    if (e.kind === 'wall') for (const issue of checkHostedOpenings(e, hosted.get(e.id) ?? [])) problems.push(`wall ${e.name}: ${issue.message}`);
  }
  expect(problems).toEqual([]);

  const globalIds = result.elements.map((e) => e.ifc?.globalId ?? '');
  expect(globalIds.filter((g) => !GLOBAL_ID.test(g))).toEqual([]);
  expect(new Set(globalIds).size).toBe(globalIds.length);
  expect(new Set(result.elements.map((e) => e.id)).size).toBe(result.elements.length);

  const tally: Record<string, number> = { storeys: result.storeys.length };
  for (const e of result.elements) tally[e.kind] = (tally[e.kind] ?? 0) + 1;
  expect(result.counts).toEqual(tally);

  for (const e of result.elements) {
    if (e.asset === undefined) {
      if (options.everyPlacedHasAsset !== false && (e.kind === 'object' || e.kind === 'equipment')) problems.push(`${e.kind} ${e.name} has no asset`);
      continue;
    }
    const bytes = result.assets.get(e.asset);
    if (bytes === undefined) {
      problems.push(`${e.kind} ${e.name}: asset ${e.asset} is missing`);
      continue;
    }
    expect(decodeMeshAsset(bytes).parts.length).toBeGreaterThan(0);
  }
  expect(problems).toEqual([]);
}

/** The IfcImportError `promise` rejects with (fails the test when it resolves or throws something else). */
export async function importError(promise: Promise<unknown>): Promise<IfcImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IfcImportError);
  return error as IfcImportError;
}
