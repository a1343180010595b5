/**
 * The frame of an exported file: one IfcOwnerHistory (person, organisation and application named
 * after the exporting application), METRE / SQUARE_METRE / CUBIC_METRE / RADIAN units, the Model
 * context (true north from the building's `north`) with Body, Axis and FootPrint sub-contexts,
 * and IfcProject > IfcSite > IfcBuilding (named after the building, with its postal address),
 * aggregated, all placed at the origin.
 */
import { IFC4 } from 'web-ifc';
import type { Meta } from '../model';
import type { ExportScope } from './writeElements';
import { axis3, dir2, identifier, label, len, real, type StepModel } from './writeStep';

/** What the rest of the export hangs from. */
export interface ProjectFrame {
  readonly ownerHistory: IFC4.IfcOwnerHistory;
  readonly contexts: ExportScope['contexts'];
  readonly ifcBuilding: IFC4.IfcBuilding;
  readonly buildingPlacement: IFC4.IfcLocalPlacement;
}

/** Writes the frame; `seed` makes the project, site and building GlobalIds (through `guid`). */
export function writeProjectFrame(
  step: StepModel,
  meta: Meta,
  options: { readonly now: Date; readonly application: string; readonly seed: string; guid(key: string): IFC4.IfcGloballyUniqueId },
): ProjectFrame {
  const { guid, seed } = options;
  const seconds = Math.floor(options.now.getTime() / 1000);
  // Owner history, units, contexts.
  const organisation = new IFC4.IfcOrganization(null, label(options.application), null, null, null);
  const person = new IFC4.IfcPerson(null, label(options.application), null, null, null, null, null, null);
  const app = new IFC4.IfcApplication(organisation, label(`web-ifc ${step.api.GetVersion()}`), label(options.application), identifier(options.application.replace(/\s+/g, '') || 'ArxOS'));
  const ownerHistory = step.ref(
    step.write(new IFC4.IfcOwnerHistory(new IFC4.IfcPersonAndOrganization(person, organisation, null), app, null, IFC4.IfcChangeActionEnum.NOCHANGE, null, null, null, new IFC4.IfcTimeStamp(seconds as never))),
  );
  const units = new IFC4.IfcUnitAssignment([
    new IFC4.IfcSIUnit(IFC4.IfcUnitEnum.LENGTHUNIT, null, IFC4.IfcSIUnitName.METRE),
    new IFC4.IfcSIUnit(IFC4.IfcUnitEnum.AREAUNIT, null, IFC4.IfcSIUnitName.SQUARE_METRE),
    new IFC4.IfcSIUnit(IFC4.IfcUnitEnum.VOLUMEUNIT, null, IFC4.IfcSIUnitName.CUBIC_METRE),
    new IFC4.IfcSIUnit(IFC4.IfcUnitEnum.PLANEANGLEUNIT, null, IFC4.IfcSIUnitName.RADIAN),
  ]);
  // meta.north: the angle from plan +y to true north, counter-clockwise.
  const north = Number.isFinite(meta.north) ? meta.north : 0;
  const model = step.ref(step.write(new IFC4.IfcGeometricRepresentationContext(null, label('Model'), new IFC4.IfcDimensionCount(3 as never), real(1e-5), axis3(), dir2(-Math.sin(north), Math.cos(north)))));
  const sub = (identifier: string, view: typeof IFC4.IfcGeometricProjectionEnum.MODEL_VIEW) =>
    step.ref(step.write(new IFC4.IfcGeometricRepresentationSubContext(label(identifier), label('Model'), model, null, view, null)));
  const contexts = {
    body: sub('Body', IFC4.IfcGeometricProjectionEnum.MODEL_VIEW),
    axis: sub('Axis', IFC4.IfcGeometricProjectionEnum.GRAPH_VIEW),
    footprint: sub('FootPrint', IFC4.IfcGeometricProjectionEnum.MODEL_VIEW),
  };

  // Project > site > building.
  const project = step.ref(step.write(new IFC4.IfcProject(guid(`project/${seed}`), ownerHistory, label(meta.name), null, null, null, null, [model], units)));
  const sitePlacement = step.ref(step.write(new IFC4.IfcLocalPlacement(null, axis3())));
  const site = step.ref(step.write(new IFC4.IfcSite(guid(`site/${seed}`), ownerHistory, label('Site'), null, null, sitePlacement, null, null, IFC4.IfcElementCompositionEnum.ELEMENT, null, null, null, null, null)));
  const buildingPlacement = step.ref(step.write(new IFC4.IfcLocalPlacement(sitePlacement, axis3())));
  const lines = meta.address.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const address = lines.length > 0 ? new IFC4.IfcPostalAddress(null, null, null, null, lines.map(label), null, null, null, null, null) : null;
  const ifcBuilding = step.ref(
    step.write(new IFC4.IfcBuilding(guid(`building/${seed}`), ownerHistory, label(meta.name), null, null, buildingPlacement, null, null, IFC4.IfcElementCompositionEnum.ELEMENT, len(0), null, address)),
  );
  step.write(new IFC4.IfcRelAggregates(guid(`aggregates/project/${seed}`), ownerHistory, null, null, project, [site]));
  step.write(new IFC4.IfcRelAggregates(guid(`aggregates/site/${seed}`), ownerHistory, null, null, site, [ifcBuilding]));

  return { ownerHistory, contexts, ifcBuilding, buildingPlacement };
}
