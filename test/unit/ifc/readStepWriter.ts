/**
 * A few lines of STEP by hand, for reader tests that need what no sample file has: equipment in
 * systems, a georeferenced site, feet, a building without storeys, oversized property sets.
 * IFC4 attribute order; ids are allocated as lines are added.
 */

/** A valid, unique 22-character IfcGloballyUniqueId from a counter. */
export function guid(n: number): string {
  return `0${n.toString().padStart(21, '0')}`;
}

export class StepWriter {
  readonly #lines: string[] = [];
  #guids = 0;

  /** Adds a line and returns its reference (`#12`). */
  add(entity: string): string {
    const ref = `#${this.#lines.length + 1}`;
    this.#lines.push(`${ref}=${entity};`);
    return ref;
  }

  guid(): string {
    return `'${guid(++this.#guids)}'`;
  }

  point(...c: number[]): string {
    return this.add(`IFCCARTESIANPOINT((${c.map(real).join(',')}))`);
  }

  direction(...c: number[]): string {
    return this.add(`IFCDIRECTION((${c.map(real).join(',')}))`);
  }

  axis(x = 0, y = 0, z = 0, xAxis?: [number, number]): string {
    return this.add(`IFCAXIS2PLACEMENT3D(${this.point(x, y, z)},${this.direction(0, 0, 1)},${xAxis ? this.direction(xAxis[0], xAxis[1], 0) : '$'})`);
  }

  placement(relativeTo: string | undefined, x = 0, y = 0, z = 0, xAxis?: [number, number]): string {
    return this.add(`IFCLOCALPLACEMENT(${relativeTo ?? '$'},${this.axis(x, y, z, xAxis)})`);
  }

  /** A Body shape: a `dx` × `dy` rectangle centred on the origin, extruded `dz` up. */
  box(context: string, dx: number, dy: number, dz: number): string {
    const profile = this.add(`IFCRECTANGLEPROFILEDEF(.AREA.,$,${this.add(`IFCAXIS2PLACEMENT2D(${this.point(0, 0)},$)`)},${real(dx)},${real(dy)})`);
    const solid = this.add(`IFCEXTRUDEDAREASOLID(${profile},${this.axis()},${this.direction(0, 0, 1)},${real(dz)})`);
    const body = this.add(`IFCSHAPEREPRESENTATION(${context},'Body','SweptSolid',(${solid}))`);
    return this.add(`IFCPRODUCTDEFINITIONSHAPE($,$,(${body}))`);
  }

  /** The file, as bytes. */
  bytes(schema = 'IFC4'): Uint8Array {
    const text = [
      'ISO-10303-21;',
      'HEADER;',
      "FILE_DESCRIPTION(('ViewDefinition [ReferenceView]'),'2;1');",
      "FILE_NAME('test.ifc','2026-12-01T00:00:00',(''),(''),'ArxOS tests','ArxOS tests','');",
      `FILE_SCHEMA(('${schema}'));`,
      'ENDSEC;',
      'DATA;',
      ...this.#lines,
      'ENDSEC;',
      'END-ISO-10303-21;',
      '',
    ].join('\n');
    return new TextEncoder().encode(text);
  }
}

/** A STEP real: always with a decimal point. */
export function real(n: number): string {
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.`;
}

/** A STEP string literal (quotes doubled; ASCII only in these tests). */
export function str(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Project with units and a Model context; returns the references the rest needs. */
export function project(w: StepWriter, units: 'metre' | 'foot' = 'metre'): { project: string; context: string } {
  const context = w.add(`IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,${w.axis()},$)`);
  const metre = w.add('IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.)');
  let length = metre;
  if (units === 'foot') {
    const dims = w.add('IFCDIMENSIONALEXPONENTS(1,0,0,0,0,0,0)');
    const factor = w.add(`IFCMEASUREWITHUNIT(IFCLENGTHMEASURE(0.3048),${metre})`);
    length = w.add(`IFCCONVERSIONBASEDUNIT(${dims},.LENGTHUNIT.,'FOOT',${factor})`);
  }
  const radian = w.add('IFCSIUNIT(*,.PLANEANGLEUNIT.,$,.RADIAN.)');
  const assignment = w.add(`IFCUNITASSIGNMENT((${length},${radian}))`);
  const projectRef = w.add(`IFCPROJECT(${w.guid()},$,'Test project',$,$,$,$,(${context}),${assignment})`);
  return { project: projectRef, context };
}
