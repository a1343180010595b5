/**
 * Which IFC4 entity an equipment or object element is written as: its own `ifc.type` when it came
 * from IFC and that type is an IFC4 element the exporter can write, else a class chosen from the
 * equipment's system and type, else IfcBuildingElementProxy.
 */
import { IFC4, type IfcLineObject } from 'web-ifc';
import type { BuildingObject, Equipment } from '../model';

/**
 * IFC4 (ADD2 TC1) element entities that may be instantiated and whose attributes after `Tag` are
 * all optional, so the exporter can write any of them from the attributes every element shares.
 * Features (openings, voids) and spatial elements are not here: they need relations the exporter
 * makes only for doors and windows.
 */
const WRITABLE = [
  // building elements
  'IfcBeam', 'IfcBuildingElementProxy', 'IfcChimney', 'IfcColumn', 'IfcCovering', 'IfcCurtainWall', 'IfcDoor', 'IfcFooting', 'IfcMember', 'IfcPile',
  'IfcPlate', 'IfcRailing', 'IfcRamp', 'IfcRampFlight', 'IfcRoof', 'IfcShadingDevice', 'IfcSlab', 'IfcStair', 'IfcStairFlight', 'IfcWall', 'IfcWindow',
  // element components, assemblies and the rest
  'IfcBuildingElementPart', 'IfcDiscreteAccessory', 'IfcFastener', 'IfcMechanicalFastener', 'IfcReinforcingBar', 'IfcReinforcingMesh', 'IfcTendon',
  'IfcTendonAnchor', 'IfcVibrationIsolator', 'IfcElementAssembly', 'IfcFurnishingElement', 'IfcFurniture', 'IfcSystemFurnitureElement',
  'IfcGeographicElement', 'IfcTransportElement', 'IfcVirtualElement', 'IfcCivilElement',
  // distribution elements
  'IfcDistributionElement', 'IfcDistributionControlElement', 'IfcActuator', 'IfcAlarm', 'IfcController', 'IfcFlowInstrument',
  'IfcProtectiveDeviceTrippingUnit', 'IfcSensor', 'IfcUnitaryControlElement', 'IfcDistributionFlowElement', 'IfcDistributionChamberElement',
  'IfcEnergyConversionDevice', 'IfcAirToAirHeatRecovery', 'IfcBoiler', 'IfcBurner', 'IfcChiller', 'IfcCoil', 'IfcCondenser', 'IfcCooledBeam',
  'IfcCoolingTower', 'IfcElectricGenerator', 'IfcElectricMotor', 'IfcEngine', 'IfcEvaporativeCooler', 'IfcEvaporator', 'IfcHeatExchanger',
  'IfcHumidifier', 'IfcMotorConnection', 'IfcSolarDevice', 'IfcTransformer', 'IfcTubeBundle', 'IfcUnitaryEquipment', 'IfcFlowController',
  'IfcAirTerminalBox', 'IfcDamper', 'IfcElectricDistributionBoard', 'IfcElectricTimeControl', 'IfcFlowMeter', 'IfcProtectiveDevice',
  'IfcSwitchingDevice', 'IfcValve', 'IfcFlowFitting', 'IfcCableCarrierFitting', 'IfcCableFitting', 'IfcDuctFitting', 'IfcJunctionBox',
  'IfcPipeFitting', 'IfcFlowMovingDevice', 'IfcCompressor', 'IfcFan', 'IfcPump', 'IfcFlowSegment', 'IfcCableCarrierSegment', 'IfcCableSegment',
  'IfcDuctSegment', 'IfcPipeSegment', 'IfcFlowStorageDevice', 'IfcElectricFlowStorageDevice', 'IfcTank', 'IfcFlowTerminal', 'IfcAirTerminal',
  'IfcAudioVisualAppliance', 'IfcCommunicationsAppliance', 'IfcElectricAppliance', 'IfcFireSuppressionTerminal', 'IfcLamp', 'IfcLightFixture',
  'IfcMedicalDevice', 'IfcOutlet', 'IfcSanitaryTerminal', 'IfcSpaceHeater', 'IfcStackTerminal', 'IfcWasteTerminal', 'IfcFlowTreatmentDevice',
  'IfcDuctSilencer', 'IfcFilter', 'IfcInterceptor',
] as const;

/** The "standard case" subtypes carry rules (a material usage) the base entity does not; write the base. */
const BASE_OF: Readonly<Record<string, string>> = {
  IFCWALLSTANDARDCASE: 'IfcWall', IFCWALLELEMENTEDCASE: 'IfcWall', IFCSLABSTANDARDCASE: 'IfcSlab', IFCSLABELEMENTEDCASE: 'IfcSlab',
  IFCBEAMSTANDARDCASE: 'IfcBeam', IFCCOLUMNSTANDARDCASE: 'IfcColumn', IFCMEMBERSTANDARDCASE: 'IfcMember', IFCPLATESTANDARDCASE: 'IfcPlate',
  IFCDOORSTANDARDCASE: 'IfcDoor', IFCWINDOWSTANDARDCASE: 'IfcWindow',
};

const BY_UPPER = new Map<string, string>(WRITABLE.map((name) => [name.toUpperCase(), name]));

/** The IFC4 entity name (canonical case) to write for an IFC type name, or undefined when it is not writable. */
export function writableIfcClass(typeName: string | undefined): string | undefined {
  if (!typeName) return undefined;
  const upper = typeName.toUpperCase();
  const name = BY_UPPER.get(upper) ?? BASE_OF[upper];
  return name !== undefined && typeof (IFC4 as unknown as Record<string, unknown>)[name] === 'function' ? name : undefined;
}

type ElementClass = new (...args: unknown[]) => IfcLineObject;

/**
 * Constructs an IFC4 element of a class from {@link writableIfcClass}: the eight attributes every
 * IfcElement has, then `$` for each attribute of the subtype (all optional by construction), except
 * `PredefinedType` when one is given and the class has it as its ninth and last attribute.
 */
export function createIfcElement(name: string, shared: readonly unknown[], predefined?: string): IfcLineObject {
  const Class = (IFC4 as unknown as Record<string, ElementClass>)[name];
  if (Class === undefined || shared.length !== 8) throw new Error(`cannot write ${name}`);
  const rest: unknown[] = Array.from({ length: Math.max(0, Class.length - 8) }, () => null);
  const enumeration = (IFC4 as unknown as Record<string, Record<string, unknown> | undefined>)[`${name}TypeEnum`];
  if (predefined !== undefined && rest.length === 1 && enumeration?.[predefined] !== undefined) rest[0] = enumeration[predefined];
  return new Class(...shared, ...rest);
}

/** Rules by system: the first whose pattern matches the equipment's type wins; the last is the fallback. */
/** A rule: type pattern, IFC4 class, and optionally its PredefinedType. */
type ClassRule = readonly [pattern: RegExp, ifcClass: string, predefined?: string];

const EQUIPMENT_CLASSES: Readonly<Record<Equipment['system'], readonly ClassRule[]>> = {
  electrical: [
    [/outlet|socket|receptacle/i, 'IfcOutlet'],
    [/board|panel|distribution/i, 'IfcElectricDistributionBoard'],
    [/switch/i, 'IfcSwitchingDevice'],
    [/breaker|fuse|protect/i, 'IfcProtectiveDevice'],
    [/junction/i, 'IfcJunctionBox'],
    [/motor/i, 'IfcElectricMotor'],
    [/generator/i, 'IfcElectricGenerator'],
    [/transformer/i, 'IfcTransformer'],
    [/./, 'IfcElectricAppliance'],
  ],
  lighting: [
    [/lamp|bulb/i, 'IfcLamp'],
    [/switch|dimmer/i, 'IfcSwitchingDevice'],
    [/./, 'IfcLightFixture'],
  ],
  hvac: [
    [/diffuser|grille|register|terminal|vent/i, 'IfcAirTerminal'],
    [/fan/i, 'IfcFan'],
    [/boiler/i, 'IfcBoiler'],
    [/chiller/i, 'IfcChiller'],
    [/damper/i, 'IfcDamper'],
    [/radiator|heater|convector/i, 'IfcSpaceHeater'],
    [/duct/i, 'IfcDuctSegment'],
    [/thermostat|sensor/i, 'IfcSensor'],
    [/controller|control/i, 'IfcController'],
    [/./, 'IfcUnitaryEquipment'],
  ],
  plumbing: [
    [/sink|basin|toilet|wc|urinal|shower|bath|tap|faucet|fountain/i, 'IfcSanitaryTerminal'],
    [/pump/i, 'IfcPump'],
    [/valve/i, 'IfcValve'],
    [/boiler|heater/i, 'IfcBoiler'],
    [/tank|cylinder/i, 'IfcTank'],
    [/pipe/i, 'IfcPipeSegment'],
    [/drain|gully/i, 'IfcWasteTerminal'],
    [/meter/i, 'IfcFlowMeter'],
    [/./, 'IfcFlowTerminal'],
  ],
  fire: [
    [/smoke/i, 'IfcSensor', 'SMOKESENSOR'],
    [/heat/i, 'IfcSensor', 'HEATSENSOR'],
    [/detector|sensor/i, 'IfcSensor', 'FIRESENSOR'],
    [/alarm|bell|siren|call.?point|sounder/i, 'IfcAlarm'],
    [/panel|controller/i, 'IfcController'],
    [/./, 'IfcFireSuppressionTerminal'],
  ],
  network: [[/./, 'IfcCommunicationsAppliance']],
  security: [
    [/camera|cctv|intercom/i, 'IfcAudioVisualAppliance'],
    [/sensor|detector|motion/i, 'IfcSensor'],
    [/alarm|siren/i, 'IfcAlarm'],
    [/controller|reader|panel/i, 'IfcController'],
    [/./, 'IfcDistributionControlElement'],
  ],
  other: [[/./, 'IfcBuildingElementProxy']],
};

/** Object categories in words (as the importer names them) whose IFC4 class is not `Ifc` + the words in PascalCase. */
const CLASS_OF_CATEGORY: Readonly<Record<string, string>> = {
  furniture: 'IfcFurniture',
  proxy: 'IfcBuildingElementProxy',
  shading: 'IfcShadingDevice',
  transport: 'IfcTransportElement',
  site: 'IfcGeographicElement',
};

/** `curtain-wall` → `IfcCurtainWall`; `IfcStair` stays. */
const pascalIfc = (words: string) => (/^ifc/i.test(words) ? words : `Ifc${words.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_, _sep: string, c: string) => c.toUpperCase())}`);

/** The IFC4 class (and PredefinedType, if any) an element of kind equipment or object is written as. */
export function ifcClassOf(element: Equipment | BuildingObject): { readonly name: string; readonly predefined?: string } {
  const own = writableIfcClass(element.ifc?.type);
  if (own !== undefined) return { name: own };
  if (element.kind === 'object') {
    const category = element.category.trim();
    return { name: writableIfcClass(CLASS_OF_CATEGORY[category.toLowerCase()] ?? pascalIfc(category)) ?? 'IfcBuildingElementProxy' };
  }
  const rules = EQUIPMENT_CLASSES[element.system] ?? EQUIPMENT_CLASSES.other;
  const rule = rules.find(([pattern]) => pattern.test(element.type));
  return rule === undefined ? { name: 'IfcBuildingElementProxy' } : { name: rule[1], predefined: rule[2] };
}
