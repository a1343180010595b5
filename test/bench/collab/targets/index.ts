/** The servers under test, by name (column order of the report). */
import path from 'node:path';
import { arxosBaselineTarget, arxosTarget } from './arxos';
import { hocuspocusTarget } from './hocuspocus';
import { relayTarget } from './relay';
import type { BenchTarget } from './types';
import { yWebsocketServerTarget } from './yWebsocketServer';

const baseline = process.env.BENCH_ARXOS_BASELINE;
const TARGETS: readonly BenchTarget[] = [
  relayTarget,
  yWebsocketServerTarget,
  hocuspocusTarget,
  ...(baseline ? [arxosBaselineTarget(path.resolve(baseline))] : []),
  arxosTarget,
];

export function getTarget(name: string): BenchTarget {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown target ${name}; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  return target;
}
