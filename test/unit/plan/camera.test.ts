import { describe, expect, it } from 'vitest';
import { fitCamera, MAX_ZOOM, panBy, pinchCamera, planToScreen, scaleBarMetres, screenToPlan, zoomAt, type FingerPair } from '@/components/plan/camera';
import { planPoint } from '@/lib/model';

const size = { width: 800, height: 600 };

describe('plan camera', () => {
  it('maps the camera centre to the middle of the view, with y up', () => {
    const cam = { x: 10, y: 5, zoom: 20 };
    expect(planToScreen(cam, size, [10, 5])).toEqual([400, 300]);
    expect(planToScreen(cam, size, [11, 6])).toEqual([420, 280]);
    expect(screenToPlan(cam, size, 420, 280)).toEqual([11, 6]);
  });
  it('keeps the point under the pointer fixed when zooming', () => {
    const cam = { x: 0, y: 0, zoom: 20 };
    const before = screenToPlan(cam, size, 100, 100);
    const after = screenToPlan(zoomAt(cam, size, 100, 100, 2), size, 100, 100);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
  });
  it('pans with the pointer: dragging right moves the view left on the plan', () => {
    expect(panBy({ x: 0, y: 0, zoom: 10 }, 100, 50)).toEqual({ x: -10, y: 5, zoom: 10 });
  });
  it.each<[string, Parameters<typeof fitCamera>[0], { x: number; y: number; zoom: number }]>([
    ['fits a box with a margin', { min: planPoint(0, 0), max: planPoint(10, 5) }, { x: 5, y: 2.5, zoom: 70.4 }],
    ['shows a default view when there is nothing', undefined, { x: 0, y: 0, zoom: 40 }],
  ])('%s', (_name, box, expected) => {
    const cam = fitCamera(box, size);
    expect(cam.x).toBeCloseTo(expected.x, 9);
    expect(cam.y).toBeCloseTo(expected.y, 9);
    expect(cam.zoom).toBeCloseTo(expected.zoom, 9);
  });
  it.each<[number, number]>([
    [40, 2],
    [100, 1],
    [10, 10],
    [500, 0.2],
  ])('picks a round scale bar length at zoom %d: %d m', (zoom, metres) => {
    expect(scaleBarMetres(zoom)).toBeCloseTo(metres, 9);
  });

  describe('pinch', () => {
    const start = { x: 4, y: -2, zoom: 40 };
    const from: FingerPair = [
      [300, 300],
      [500, 300],
    ];
    it('zooms by the ratio of the fingers\' distances, keeping the plan point under their midpoint', () => {
      const to: FingerPair = [
        [200, 300],
        [600, 300],
      ];
      const cam = pinchCamera(start, size, from, to);
      expect(cam.zoom).toBeCloseTo(80, 9);
      const under = screenToPlan(start, size, 400, 300);
      const [sx, sy] = planToScreen(cam, size, under);
      expect(sx).toBeCloseTo(400, 9);
      expect(sy).toBeCloseTo(300, 9);
    });
    it('pans when the fingers move together: the plan point under the midpoint follows it', () => {
      const to: FingerPair = [
        [350, 250],
        [550, 250],
      ];
      const cam = pinchCamera(start, size, from, to);
      expect(cam.zoom).toBeCloseTo(40, 9);
      expect(cam).toEqual(panBy(start, 50, -50));
    });
    it('zooms and pans at once about a moving, turning midpoint', () => {
      const to: FingerPair = [
        [100, 100],
        [100, 400],
      ];
      const cam = pinchCamera(start, size, from, to);
      expect(cam.zoom).toBeCloseTo(60, 9);
      const [sx, sy] = planToScreen(cam, size, screenToPlan(start, size, 400, 300));
      expect(sx).toBeCloseTo(100, 9);
      expect(sy).toBeCloseTo(250, 9);
    });
    it.each<[string, number, FingerPair, FingerPair, number]>([
      ['stops at the zoom limit', 400, from, [[0, 300], [800, 300]], MAX_ZOOM],
      ['keeps the zoom when the fingers went down on one spot', 40, [[400, 300], [400, 300]], [[200, 300], [600, 300]], 40],
    ])('%s', (_name, zoom, fingersFrom, fingersTo, expected) => {
      expect(pinchCamera({ ...start, zoom }, size, fingersFrom, fingersTo).zoom).toBeCloseTo(expected, 9);
    });
  });
});
