/**
 * The relationship lines of a model, indexed once (one pass per relationship type), so that the
 * questions the reader asks of each product — which storey, which parts, which host, which
 * property sets, which system — are map lookups instead of walks over every line.
 */
import { refOf, refsOf, type StepModel } from './readStep';
import * as W from 'web-ifc';

export interface Relations {
  /** Element → the spatial structure that contains it (IfcRelContainedInSpatialStructure). */
  readonly container: ReadonlyMap<number, number>;
  /** Part → whole (IfcRelAggregates): storey → building, space → storey, flight → stair. */
  readonly parent: ReadonlyMap<number, number>;
  /** Whole → parts (IfcRelAggregates). */
  readonly children: ReadonlyMap<number, readonly number[]>;
  /** Opening element → the element it voids (IfcRelVoidsElement). */
  readonly voids: ReadonlyMap<number, number>;
  /** Door or window → the opening element it fills (IfcRelFillsElement). */
  readonly fills: ReadonlyMap<number, number>;
  /** Object → its property and quantity sets (IfcRelDefinesByProperties). */
  readonly propertySets: ReadonlyMap<number, readonly number[]>;
  /** Object → its type object (IfcRelDefinesByType). */
  readonly typeOf: ReadonlyMap<number, number>;
  /** Object or type → the materials associated with it (IfcRelAssociatesMaterial). */
  readonly materials: ReadonlyMap<number, readonly number[]>;
  /** Object → the groups it is assigned to (IfcRelAssignsToGroup): systems, zones. */
  readonly groups: ReadonlyMap<number, readonly number[]>;
}

/** Reads every relationship the importer uses. */
export function indexRelations(model: StepModel): Relations {
  const container = new Map<number, number>();
  const parent = new Map<number, number>();
  const children = new Map<number, number[]>();
  const voids = new Map<number, number>();
  const fills = new Map<number, number>();
  const propertySets = new Map<number, number[]>();
  const typeOf = new Map<number, number>();
  const materials = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  // Read once and not kept: nothing asks for a relationship line again.
  const lines = (type: number, inherited = false) => model.readOnce(model.ids(type, inherited)).filter((rel) => rel !== undefined);
  const add = (map: Map<number, number[]>, key: number, value: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };

  for (const rel of lines(W.IFCRELCONTAINEDINSPATIALSTRUCTURE)) {
    const structure = refOf(rel.RelatingStructure);
    if (structure === undefined) continue;
    for (const element of refsOf(rel.RelatedElements)) if (!container.has(element)) container.set(element, structure);
  }
  for (const rel of lines(W.IFCRELAGGREGATES)) {
    const whole = refOf(rel.RelatingObject);
    if (whole === undefined) continue;
    for (const part of refsOf(rel.RelatedObjects)) {
      if (part === whole || parent.has(part)) continue;
      parent.set(part, whole);
      add(children, whole, part);
    }
  }
  for (const rel of lines(W.IFCRELVOIDSELEMENT)) {
    const host = refOf(rel.RelatingBuildingElement);
    const opening = refOf(rel.RelatedOpeningElement);
    if (host !== undefined && opening !== undefined) voids.set(opening, host);
  }
  for (const rel of lines(W.IFCRELFILLSELEMENT)) {
    const opening = refOf(rel.RelatingOpeningElement);
    const filling = refOf(rel.RelatedBuildingElement);
    if (opening !== undefined && filling !== undefined && !fills.has(filling)) fills.set(filling, opening);
  }
  // Inherited: IFC2X3's IfcRelOverridesProperties is a kind of IfcRelDefinesByProperties.
  for (const rel of lines(W.IFCRELDEFINESBYPROPERTIES, true)) {
    // IFC4 allows a set of definitions here (IfcPropertySetDefinitionSet).
    const sets = refsOf(rel.RelatingPropertyDefinition);
    for (const object of refsOf(rel.RelatedObjects)) for (const set of sets) add(propertySets, object, set);
  }
  for (const rel of lines(W.IFCRELDEFINESBYTYPE)) {
    const type = refOf(rel.RelatingType);
    if (type === undefined) continue;
    for (const object of refsOf(rel.RelatedObjects)) if (!typeOf.has(object)) typeOf.set(object, type);
  }
  for (const rel of lines(W.IFCRELASSOCIATESMATERIAL)) {
    const material = refOf(rel.RelatingMaterial);
    if (material === undefined) continue;
    for (const object of refsOf(rel.RelatedObjects)) add(materials, object, material);
  }
  for (const rel of lines(W.IFCRELASSIGNSTOGROUP, true)) {
    const group = refOf(rel.RelatingGroup);
    if (group === undefined) continue;
    for (const object of refsOf(rel.RelatedObjects)) add(groups, object, group);
  }
  return { container, parent, children, voids, fills, propertySets, typeOf, materials, groups };
}
