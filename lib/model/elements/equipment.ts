/** Equipment: a placed device of a building system, addressed by an equipment path. */
import { z } from 'zod';
import { parsePath } from '../paths';
import type { RecordMigration } from '../recordMigration';
import { EQUIPMENT_SYSTEMS, type EquipmentSystem } from '../systems';
import { radians, radiansSchema, worldPointSchema, type Radians, type WorldPoint } from '../units';
import { baseDefaults, elementBaseShape, type ElementBase } from './base';

/** Operational status of a piece of equipment. */
export const EQUIPMENT_STATUSES = ['ok', 'needs-repair', 'offline', 'planned', 'decommissioned'] as const;
/** One of {@link EQUIPMENT_STATUSES}. */
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];

/** A device (outlet, panel, AHU, sprinkler head…). */
export type Equipment = ElementBase & {
  readonly kind: 'equipment';
  /** Position; z is above the storey elevation. */
  readonly position: WorldPoint;
  /** Rotation about the vertical axis. */
  readonly rotation: Radians;
  readonly system: EquipmentSystem;
  /** Free-form device type, e.g. `outlet`, `panel`, `ahu`. Non-empty. */
  readonly type: string;
  readonly status: EquipmentStatus;
  /** Equipment path whose first segment equals `system`, e.g. `/electrical/circuits/2/outlet_2A`. */
  readonly path: string;
};

/** Strict validator for {@link Equipment}. */
export const equipmentSchema = z
  .strictObject({
    ...elementBaseShape,
    kind: z.literal('equipment'),
    position: worldPointSchema,
    rotation: radiansSchema,
    system: z.enum(EQUIPMENT_SYSTEMS),
    type: z.string().min(1, 'must not be empty').max(100),
    status: z.enum(EQUIPMENT_STATUSES),
    path: z.string(),
  })
  .superRefine((e, ctx) => {
    const parsed = parsePath(e.path);
    if (!parsed.ok) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['path'], message: `${issue.path ? `segment ${issue.path} ` : ''}${issue.message}` });
      }
    } else if (parsed.value.system !== e.system) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: `must start with "/${e.system}" to match system` });
    }
  }) satisfies z.ZodType<Equipment>;

/** Defaults applied by `createElement('equipment', …)`. `path` defaults to `/<system>/<id>`. */
export const defaultEquipment = {
  ...baseDefaults,
  name: 'Equipment',
  rotation: radians(0),
  type: 'generic',
  status: 'ok',
} as const satisfies Partial<Equipment>;

/** Equipment record migrations (append-only). */
export const equipmentMigrations: readonly RecordMigration[] = [
  {
    id: 'equipment-v0-to-v1-rename-systemType-add-status',
    from: 0,
    to: 1,
    up: ({ systemType, ...rest }) => ({ ...rest, system: rest.system ?? systemType, status: rest.status ?? 'ok' }),
  },
];
