/** The servers under test, by name (column order of the report). */
import { arxosTarget } from './arxos';
import { hocuspocusTarget } from './hocuspocus';
import { relayTarget } from './relay';
import type { BenchTarget } from './types';
import { yWebsocketServerTarget } from './yWebsocketServer';

const TARGETS: readonly BenchTarget[] = [relayTarget, yWebsocketServerTarget, hocuspocusTarget, arxosTarget];

export function getTarget(name: string): BenchTarget {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown target ${name}; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  return target;
}
