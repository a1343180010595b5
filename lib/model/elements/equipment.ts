/** Equipment: a placed device of a building system, addressed by an equipment path. */
import { z } from 'zod';
import { PATH_SEGMENT_PATTERN, parsePath } from '../paths';
import { EQUIPMENT_SYSTEMS, type EquipmentSystem } from '../systems';
import { radians, radiansSchema, worldPointSchema, type Radians, type WorldPoint } from '../units';
import type { ElementBase } from './base';
import { defineElementKind, type ElementKindDefinition } from './defineElementKind';

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

/** The equipment kind. A missing `path` defaults to `/<system>/<id>` when the id is a valid path segment. */
export const equipmentKind = defineElementKind({
  kind: 'equipment',
  shape: {
    position: worldPointSchema,
    rotation: radiansSchema,
    system: z.enum(EQUIPMENT_SYSTEMS),
    type: z.string().min(1, 'must not be empty').max(100),
    status: z.enum(EQUIPMENT_STATUSES),
    path: z.string(),
  },
  crossField: {
    reads: ['path', 'system'],
    check(equipment, report) {
      const parsed = parsePath(equipment.path);
      if (!parsed.ok) {
        for (const issue of parsed.error.issues) report('path', `${issue.path ? `segment ${issue.path} ` : ''}${issue.message}`);
      } else if (parsed.value.system !== equipment.system) {
        report('path', `must start with "/${equipment.system}" to match system`);
      }
    },
  },
  defaults: { name: 'Equipment', rotation: radians(0), type: 'generic', status: 'ok' },
  derivedDefaults: {
    path: ({ id, system }) => (typeof id === 'string' && PATH_SEGMENT_PATTERN.test(id) ? `/${String(system)}/${id}` : undefined),
  },
  migrations: [
    {
      id: 'equipment-v0-to-v1-rename-systemType-add-status',
      from: 0,
      to: 1,
      up: ({ systemType, ...rest }) => ({ ...rest, system: rest.system ?? systemType, status: rest.status ?? 'ok' }),
    },
  ],
}) satisfies ElementKindDefinition<'equipment', Equipment>;
