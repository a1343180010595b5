/**
 * Words for what an IFC product is: the `category` of an imported object, and the `system` and
 * `type` of a piece of equipment. Tables, so that adding an entity is one line.
 */
import type { EquipmentSystem } from '../model';
import { slugSegment } from '../model';

/** Object categories by IFC entity (subtypes are matched through their supertype by the caller). */
export const OBJECT_CATEGORIES: Readonly<Record<string, string>> = {
  IfcFurnishingElement: 'furniture',
  IfcFurniture: 'furniture',
  IfcSystemFurnitureElement: 'furniture',
  IfcStair: 'stair',
  IfcStairFlight: 'stair',
  IfcRamp: 'ramp',
  IfcRampFlight: 'ramp',
  IfcRailing: 'railing',
  IfcColumn: 'column',
  IfcColumnStandardCase: 'column',
  IfcBeam: 'beam',
  IfcBeamStandardCase: 'beam',
  IfcMember: 'member',
  IfcMemberStandardCase: 'member',
  IfcPlate: 'plate',
  IfcPlateStandardCase: 'plate',
  IfcRoof: 'roof',
  IfcCovering: 'covering',
  IfcFooting: 'footing',
  IfcPile: 'pile',
  IfcCurtainWall: 'curtain-wall',
  IfcBuildingElementProxy: 'proxy',
  IfcChimney: 'chimney',
  IfcShadingDevice: 'shading',
  IfcTransportElement: 'transport',
  IfcGeographicElement: 'site',
};

/** Systems by the IFC entity of a distribution element (or of its type, without `Type`). */
const SYSTEM_BY_ENTITY: Readonly<Record<string, EquipmentSystem>> = {
  // electrical
  IfcOutlet: 'electrical', IfcElectricAppliance: 'electrical', IfcElectricDistributionBoard: 'electrical',
  IfcElectricFlowStorageDevice: 'electrical', IfcElectricGenerator: 'electrical', IfcElectricMotor: 'electrical',
  IfcElectricTimeControl: 'electrical', IfcSwitchingDevice: 'electrical', IfcProtectiveDevice: 'electrical',
  IfcProtectiveDeviceTrippingUnit: 'electrical', IfcCableSegment: 'electrical', IfcCableFitting: 'electrical',
  IfcCableCarrierSegment: 'electrical', IfcCableCarrierFitting: 'electrical', IfcJunctionBox: 'electrical',
  IfcTransformer: 'electrical', IfcMotorConnection: 'electrical', IfcSolarDevice: 'electrical', IfcElectricalElement: 'electrical',
  // lighting: lib/model has its own system for it.
  IfcLightFixture: 'lighting', IfcLamp: 'lighting',
  // hvac
  IfcAirTerminal: 'hvac', IfcAirTerminalBox: 'hvac', IfcAirToAirHeatRecovery: 'hvac', IfcBoiler: 'hvac', IfcBurner: 'hvac',
  IfcChiller: 'hvac', IfcCoil: 'hvac', IfcCompressor: 'hvac', IfcCondenser: 'hvac', IfcCooledBeam: 'hvac',
  IfcCoolingTower: 'hvac', IfcDamper: 'hvac', IfcDuctFitting: 'hvac', IfcDuctSegment: 'hvac', IfcDuctSilencer: 'hvac',
  IfcEngine: 'hvac', IfcEvaporativeCooler: 'hvac', IfcEvaporator: 'hvac', IfcFan: 'hvac', IfcFilter: 'hvac',
  IfcHeatExchanger: 'hvac', IfcHumidifier: 'hvac', IfcSpaceHeater: 'hvac', IfcUnitaryEquipment: 'hvac',
  IfcTubeBundle: 'hvac', IfcUnitaryControlElement: 'hvac',
  // plumbing
  IfcSanitaryTerminal: 'plumbing', IfcPipeSegment: 'plumbing', IfcPipeFitting: 'plumbing', IfcPump: 'plumbing',
  IfcTank: 'plumbing', IfcValve: 'plumbing', IfcWasteTerminal: 'plumbing', IfcInterceptor: 'plumbing',
  IfcStackTerminal: 'plumbing', IfcFlowMeter: 'plumbing',
  // fire
  IfcFireSuppressionTerminal: 'fire', IfcAlarm: 'fire',
  // network
  IfcCommunicationsAppliance: 'network', IfcAudioVisualAppliance: 'network',
};

/** Sensor kinds that belong to fire safety (IfcSensorTypeEnum). */
const FIRE_SENSORS = new Set(['SMOKESENSOR', 'HEATSENSOR', 'FIRESENSOR', 'GASSENSOR', 'COSENSOR', 'CO2SENSOR']);

/** IfcDistributionSystemEnum (IFC4) and IfcElectricalCircuit-era words → systems. */
const SYSTEM_BY_PREDEFINED: ReadonlyArray<readonly [RegExp, EquipmentSystem]> = [
  [/LIGHTING/, 'lighting'],
  [/FIRE|SPRINKLER/, 'fire'],
  [/SECURITY/, 'security'],
  [/DATA|COMMUNICATION|TELEPHONE|^TV$|SIGNAL|CONTROL/, 'network'],
  [/ELECTRIC|POWER|EARTHING|LIGHTNINGPROTECTION|DISTRIBUTION/, 'electrical'],
  [/AIR|VENTILATION|EXHAUST|HEATING|COOLING|CHILLED|CONDENSER|REFRIGERATION|FUEL|GAS|STEAM/, 'hvac'],
  [/WATER|DRAINAGE|SEWAGE|STORMWATER|WASTE|RAINWATER|VACUUM/, 'plumbing'],
];

/** Words in a system's name → systems, for systems without a usable PredefinedType. */
const SYSTEM_BY_NAME: ReadonlyArray<readonly [RegExp, EquipmentSystem]> = [
  [/light|lumin/i, 'lighting'],
  [/fire|sprinkler|smoke/i, 'fire'],
  [/secur|cctv|access control|intrusion/i, 'security'],
  [/data|network|telecom|\bit\b|comm/i, 'network'],
  [/elec|power|circuit|panel/i, 'electrical'],
  [/hvac|air|vent|heat|cool|duct|exhaust|mech/i, 'hvac'],
  [/water|plumb|sanit|drain|sewer|pipe|waste/i, 'plumbing'],
];

/** The system a distribution element belongs to by its entity, `undefined` when the entity says nothing. */
export function systemOfEntity(entity: string, typeEntity: string | undefined, predefined: string | undefined): EquipmentSystem | undefined {
  if ((entity === 'IfcSensor' || typeEntity === 'IfcSensorType') && predefined !== undefined && FIRE_SENSORS.has(predefined)) return 'fire';
  return SYSTEM_BY_ENTITY[entity] ?? (typeEntity === undefined ? undefined : SYSTEM_BY_ENTITY[typeEntity.replace(/Type$/, '')]);
}

/** The system an IfcSystem / IfcDistributionSystem stands for, by its PredefinedType, then its name. */
export function systemOfGroup(predefined: string | undefined, name: string | undefined): EquipmentSystem | undefined {
  if (predefined !== undefined && predefined !== 'USERDEFINED' && predefined !== 'NOTDEFINED') {
    for (const [pattern, system] of SYSTEM_BY_PREDEFINED) if (pattern.test(predefined)) return system;
  }
  if (name !== undefined) for (const [pattern, system] of SYSTEM_BY_NAME) if (pattern.test(name)) return system;
  return undefined;
}

/** A PredefinedType worth showing (`DIFFUSER` → `diffuser`), not USERDEFINED/NOTDEFINED. */
export function specificKind(predefined: string | undefined): string | undefined {
  if (predefined === undefined || predefined === 'USERDEFINED' || predefined === 'NOTDEFINED') return undefined;
  return slugSegment(predefined.replace(/_/g, '-')) || undefined;
}

/** `IfcAirTerminal` → `air-terminal`. */
export function entityWords(entity: string): string {
  return (
    entity
      .replace(/^Ifc/, '')
      .replace(/StandardCase$/, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase() || 'element'
  );
}
