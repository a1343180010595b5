/** Building systems that equipment belongs to; also the first segment of an equipment path. */
export const EQUIPMENT_SYSTEMS = [
  'electrical',
  'hvac',
  'plumbing',
  'fire',
  'network',
  'lighting',
  'security',
  'other',
] as const;

/** One of {@link EQUIPMENT_SYSTEMS}. */
export type EquipmentSystem = (typeof EQUIPMENT_SYSTEMS)[number];

/** Type guard for {@link EquipmentSystem}. */
export function isEquipmentSystem(value: unknown): value is EquipmentSystem {
  return typeof value === 'string' && (EQUIPMENT_SYSTEMS as readonly string[]).includes(value);
}
