/**
 * Units in types (lib/model/README.md decision 1): run by `vitest` as a type test (typecheck in
 * vitest.config.ts), so a unit mix-up that compiles fails here as a test.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { degrees, fromDegrees, metres, planPoint, radians, toDegrees, wallLength, worldPoint, type Degrees, type Metres, type PlanPoint, type Radians, type WorldPoint } from '@/lib/model';

describe('branded units', () => {
  it('makes a wrong unit a compile error', () => {
    expectTypeOf(metres(1)).toEqualTypeOf<Metres>();
    expectTypeOf(radians(1)).toEqualTypeOf<Radians>();
    // A bare number is not metres, and metres and radians do not mix.
    expectTypeOf<number>().not.toExtend<Metres>();
    expectTypeOf<Radians>().not.toExtend<Metres>();
    expectTypeOf<Metres>().not.toExtend<Radians>();
    // @ts-expect-error a bare number is not metres
    const bare: Metres = 1;
    // @ts-expect-error radians are not metres
    const angle: Metres = radians(1);
    // @ts-expect-error metres are not radians
    const turn: Radians = metres(1);
    expectTypeOf([bare, angle, turn]).toEqualTypeOf<(Metres | Radians)[]>();
  });

  it('keeps degrees apart from radians', () => {
    expectTypeOf(toDegrees(radians(1))).toEqualTypeOf<Degrees>();
    expectTypeOf(fromDegrees(degrees(90))).toEqualTypeOf<Radians>();
    expectTypeOf<Degrees>().not.toExtend<Radians>();
    // @ts-expect-error degrees are not radians
    const turn: Radians = degrees(90);
    // @ts-expect-error toDegrees takes radians, not a bare number
    toDegrees(1);
    expectTypeOf(turn).toEqualTypeOf<Radians>();
  });

  it('keeps plan and world points apart', () => {
    expectTypeOf(planPoint(0, 0)).toEqualTypeOf<PlanPoint>();
    expectTypeOf(worldPoint(0, 0, 0)).toEqualTypeOf<WorldPoint>();
    expectTypeOf<WorldPoint>().not.toExtend<PlanPoint>();
    expectTypeOf(wallLength).toBeCallableWith({ a: planPoint(0, 0), b: planPoint(1, 0) });
    // @ts-expect-error a world point is not a plan point
    expectTypeOf(wallLength).toBeCallableWith({ a: worldPoint(0, 0, 0), b: planPoint(1, 0) });
    expectTypeOf(wallLength).returns.toEqualTypeOf<Metres>();
  });
});
