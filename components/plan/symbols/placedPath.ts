/**
 * A symbol's path placed on the plan: its coordinates transformed into plan metres, so the drawn
 * element needs no transform of its own.
 *
 * Why: Chromium gives every SVG element with a transform its own paint chunk, and merging
 * thousands of chunks back into one layer (the compositor's "Layerize" step) ran on every frame
 * of a pan: 24 ms a frame at 1,700 symbols (bench:plan, BENCH_TRACE=1). Paths in plan
 * coordinates draw as one chunk with the rooms and walls.
 */

/** Where a symbol goes: its centre on the plan (metres), its turn (radians) and symbol units → metres. */
export interface SymbolPlacement {
  readonly x: number;
  readonly y: number;
  readonly rotation: number;
  readonly scale: number;
}

/** A placement inside the symbol (symbol units): `translate(dx dy) scale(k)`, as GLYPH_PLACEMENT has them. */
export interface InnerPlacement {
  readonly dx: number;
  readonly dy: number;
  readonly k: number;
}

const IDENTITY: InnerPlacement = { dx: 0, dy: 0, k: 1 };

/** Parses `translate(a b) scale(k)` (either part optional), the form of GLYPH_PLACEMENT. */
export function parseInnerPlacement(transform: string | undefined): InnerPlacement {
  if (!transform) return IDENTITY;
  const t = /translate\(\s*([-\d.e]+)[\s,]+([-\d.e]+)\s*\)/.exec(transform);
  const s = /scale\(\s*([-\d.e]+)\s*\)/.exec(transform);
  const rest = transform.replace(/translate\([^)]*\)|scale\([^)]*\)/g, '').trim();
  if (rest) throw new Error(`symbol placement: only translate(x y) and scale(k) are supported, not "${rest}"`);
  return { dx: t ? Number(t[1]) : 0, dy: t ? Number(t[2]) : 0, k: s ? Number(s[1]) : 1 };
}

/** Arguments per command (absolute commands only; symbols are written with them). */
const ARITY: Readonly<Record<string, number>> = { M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 };

const round = (v: number) => {
  const r = Math.round(v * 1e5) / 1e5;
  return Object.is(r, -0) ? 0 : r;
};

/**
 * `d` (absolute commands M L H V C S Q T A Z, in symbol units, y down) as it is drawn at
 * `placement`: inner placement first, then y flipped up (the plan's y points north), turned by
 * `rotation` and scaled, then moved to the centre. The same as the SVG transform
 * `translate(x y) rotate(deg) scale(s -s) <inner>`, with H and V written as L (a turn makes them
 * diagonal) and arcs' radii, axis angle and sweep carried through.
 */
export function placedPath(d: string, placement: SymbolPlacement, inner: InnerPlacement = IDENTITY): string {
  const { x, y, rotation, scale } = placement;
  const [cos, sin] = [Math.cos(rotation), Math.sin(rotation)];
  // Symbol point (u, v) → plan: inner, then scale(s, -s), then rotate, then translate.
  const map = (u: number, v: number): [number, number] => {
    const [iu, iv] = [inner.dx + inner.k * u, inner.dy + inner.k * v];
    const [px, py] = [scale * iu, -scale * iv];
    return [round(x + cos * px - sin * py), round(y + sin * px + cos * py)];
  };
  const tokens = d.match(/[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const out: string[] = [];
  let i = 0;
  let command = '';
  let cu = 0;
  let cv = 0; // current point, symbol units (for H and V)
  const number = () => {
    const t = tokens[i++];
    const n = Number(t);
    if (t === undefined || !Number.isFinite(n)) throw new Error(`symbol path: expected a number at "${t ?? 'end'}" in "${d}"`);
    return n;
  };
  while (i < tokens.length) {
    if (/^[A-Za-z]$/.test(tokens[i]!)) command = tokens[i++]!;
    else if (command === '' || command === 'Z') throw new Error(`symbol path: a number without a command in "${d}"`);
    if (!(command in ARITY)) throw new Error(`symbol path: command "${command}" is not supported (absolute M L H V C S Q T A Z only) in "${d}"`);
    switch (command) {
      case 'Z':
        out.push('Z');
        break;
      case 'M':
      case 'L':
      case 'T': {
        [cu, cv] = [number(), number()];
        out.push(`${command}${map(cu, cv).join(' ')}`);
        if (command === 'M') command = 'L'; // further pairs after M are line-tos
        break;
      }
      case 'H':
      case 'V': {
        if (command === 'H') cu = number();
        else cv = number();
        out.push(`L${map(cu, cv).join(' ')}`);
        break;
      }
      case 'C':
      case 'S':
      case 'Q': {
        const points: string[] = [];
        for (let p = 0; p < ARITY[command]! / 2; p++) {
          [cu, cv] = [number(), number()];
          points.push(map(cu, cv).join(' '));
        }
        out.push(`${command}${points.join(' ')}`);
        break;
      }
      case 'A': {
        const [rx, ry, axis, large, sweep] = [number(), number(), number(), number(), number()];
        [cu, cv] = [number(), number()];
        const k = Math.abs(scale * inner.k);
        // The y flip mirrors the ellipse (axis angle negated, sweep reversed); the turn adds to its axis.
        const angle = round((rotation * 180) / Math.PI - axis);
        out.push(`A${round(rx * k)} ${round(ry * k)} ${angle} ${large} ${sweep ? 0 : 1} ${map(cu, cv).join(' ')}`);
        break;
      }
    }
  }
  return out.join('');
}
