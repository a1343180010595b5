'use client';

import { Html } from '@react-three/drei';
import { memo, type SyntheticEvent } from 'react';
import type { SceneController } from './SceneController';

/** A pin the 3D view draws (a review thread's marker): where it is, what it says, what a click does. */
export interface ScenePin {
  readonly id: string;
  /** Its accessible name and tooltip. */
  readonly label: string;
  /** What the marker shows (a count, a glyph). */
  readonly text: string;
  readonly storeyId: string;
  /** Plan x and y, and height above the storey's floor, metres. */
  readonly at: readonly [number, number, number];
  /** Drawn highlighted (the thread open now). */
  readonly active?: boolean;
  onOpen(): void;
}

interface Props {
  pins: readonly ScenePin[];
  controller: SceneController;
  /** Re-rendered when the storeys shown change (the controller knows which are). */
  shownKey: string;
}

/** Keeps a pointer event on a pin from reaching the canvas (no orbit, no pick behind it). */
const stop = (e: SyntheticEvent) => e.stopPropagation();

/**
 * Pins in the 3D scene, as buttons over the canvas at their points (drei `Html`), on the storeys
 * shown; a click opens what the pin is for.
 */
export const ScenePins = memo(function ScenePins({ pins, controller, shownKey }: Props) {
  void shownKey;
  return pins
    .filter((p) => controller.storeyShown(p.storeyId))
    .map((p) => (
      <Html key={p.id} position={[p.at[0], controller.storeyElevation(p.storeyId) + p.at[2], -p.at[1]]} center zIndexRange={[30, 20]}>
        <button
          type="button"
          aria-label={p.label}
          title={p.label}
          data-testid="scene-pin"
          data-thread-id={p.id}
          onPointerDown={stop}
          onPointerUp={stop}
          onClick={(e) => {
            e.stopPropagation();
            p.onOpen();
          }}
          className={`flex h-7 min-w-7 items-center justify-center rounded-full rounded-bl-none border-2 border-white px-1.5 text-xs font-semibold text-white shadow ${p.active ? 'bg-brand-700 ring-2 ring-brand-300' : 'bg-amber-500 hover:bg-amber-600'}`}
        >
          {p.text}
        </button>
      </Html>
    ));
});
