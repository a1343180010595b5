/**
 * A faster road to the lines a read takes by the thousand (property values and sets, quantities,
 * relationships). web-ifc hands a line over its wasm boundary at 3–4 µs a line (it builds every
 * value as a JS object through embind), so a Revit or ArchiCAD file's 8,000 property lines cost
 * more than meshing it. Here a line is read straight from the file's text, into the raw form
 * web-ifc's GetLine builds (`{ ID, type, arguments }`, by the rules of web-ifc 0.0.78's
 * tokenizer and GetArgs), and web-ifc's own `FromRawLineData` makes the line object of it: the
 * object `GetLine` returns, at a fraction of the cost.
 *
 * Only what it can read exactly as web-ifc does is read here; the rest is left to web-ifc:
 * - lines that start a text line (`\n#12=`, as every exporter writes them) and are found once;
 * - whose entity (`IFCPROPERTYSET`) is the type web-ifc gives that line;
 * - printable ASCII only, strings with `''` and `\\` and `\X2\…\X0\` (BMP) escapes only, no
 *   comments, no `+` signs, integers that fit 32 bits.
 * test/unit/ifc/readStepText.test.ts checks every line of the sample files against web-ifc's.
 */
import type { IfcAPI } from 'web-ifc';
import * as W from 'web-ifc';
import type { StepLine } from './readStep';

/** web-ifc's token types, as its raw arguments name them (IfcTokenStream.h). */
const STRING = 1;
const LABEL = 2;
const ENUM = 3;
const REAL = 4;
const REF = 5;
const INTEGER = 10;

/** How an argument list is read (web-ifc's GetArgs `inObject` / `inList`). */
const TOP = 0;
const LIST = 1;
/** Inside a typed value (`IFCLABEL('x')`): values come bare, a single one alone. */
const TYPED = 2;

/** Thrown (and caught in {@link StepText.line}) when a line is not one this reader is sure of. */
const UNSURE = new Error('not read from the text');

/** Most express ids indexed in a flat array; a file with sparser ids is indexed in a map. */
const MAX_FLAT_INDEX = 1 << 22;

type LineBuilder = (args: unknown) => StepLine;

export class StepText {
  /** The file itself (not decoded to a string: a 200 MB file would be held twice). */
  readonly #bytes: Uint8Array;
  /** Where each line starts (its `#`), by express id; -1 for none, -2 for a line found twice. */
  readonly #flat: Int32Array | undefined;
  readonly #sparse: Map<number, number> | undefined;
  readonly #builders: Record<number, LineBuilder | undefined>;
  readonly #typeCodes = new Map<string, number>();
  /** Names by the hash of their bytes ({@link #keywordCode}); the first name of a hash keeps it. */
  readonly #keywordCodes = new Map<number, { readonly name: string; readonly code: number }>();
  #pos = 0;

  private constructor(
    private readonly api: IfcAPI,
    private readonly modelID: number,
    bytes: Uint8Array,
    maxId: number,
    builders: Record<number, LineBuilder | undefined>,
  ) {
    this.#bytes = bytes;
    this.#builders = builders;
    if (maxId < MAX_FLAT_INDEX) this.#flat = new Int32Array(maxId + 1).fill(-1);
    else this.#sparse = new Map();
    this.#index(maxId);
  }

  /**
   * A reader of `bytes`, the file web-ifc opened as `modelID`; undefined when web-ifc has no line
   * builders for the model's schema (then every line goes through web-ifc).
   */
  static open(api: IfcAPI, modelID: number, bytes: Uint8Array): StepText | undefined {
    const schema = api.GetModelSchema(modelID)?.toUpperCase();
    const schemaId = W.SchemaNames.findIndex((names) => names?.includes(schema));
    const builders = (W.FromRawLineData as Record<number, Record<number, LineBuilder | undefined> | undefined>)[schemaId];
    if (schemaId < 0 || builders === undefined) return undefined;
    return new StepText(api, modelID, bytes, api.GetMaxExpressID(modelID), builders);
  }

  /** The line `#id` read from the text, or undefined when it is left to web-ifc. */
  line(id: number): StepLine | undefined {
    const at = this.#flat !== undefined ? (this.#flat[id] ?? -1) : (this.#sparse!.get(id) ?? -1);
    if (at < 0) return undefined;
    try {
      return this.#read(id, at);
    } catch {
      // UNSURE, or web-ifc's builder refused the arguments: web-ifc reads it (and says why).
      return undefined;
    }
  }

  /** Finds every `\n#<digits>=` (and at the very start of the text): where lines start. */
  #index(maxId: number): void {
    const bytes = this.#bytes;
    const note = (at: number) => {
      let id = 0;
      let p = at + 1;
      for (let c = bytes[p]!; c >= 48 && c <= 57; c = bytes[++p]!) id = id * 10 + (c - 48);
      if (p === at + 1 || id <= 0 || id > maxId) return;
      // `#12=` starts a line; `#12,` at the start of a text line is a wrapped line's reference.
      while (bytes[p] === 32) p++;
      if (bytes[p] !== 61) return;
      if (this.#flat !== undefined) this.#flat[id] = this.#flat[id] === -1 ? at : -2;
      else this.#sparse!.set(id, this.#sparse!.has(id) ? -2 : at);
    };
    if (bytes[0] === 35) note(0);
    for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) if (bytes[at + 1] === 35) note(at + 1);
  }

  #read(id: number, at: number): StepLine {
    this.#pos = at + 1;
    if (this.#digits() !== id) throw UNSURE;
    if (this.#skipSpace() !== 61 /* = */) throw UNSURE;
    this.#pos++;
    this.#skipSpace();
    const type = this.#keywordCode();
    if (this.#skipSpace() !== 40 /* ( */) throw UNSURE;
    this.#pos++;
    if (type !== this.api.GetLineType(this.modelID, id)) throw UNSURE;
    const args = this.#args(TOP);
    if (this.#skipSpace() !== 59 /* ; */) throw UNSURE;
    const build = this.#builders[type];
    if (build === undefined) throw UNSURE;
    const line = build(args) as StepLine & { expressID: number };
    line.expressID = id;
    return line;
  }

  /** An argument list up to its closing parenthesis, as web-ifc's GetArgs returns it. */
  #args(mode: number): unknown {
    const out: unknown[] = [];
    for (;;) {
      let c = this.#skipSpace();
      // web-ifc's tokenizer has no token for a comma: it only separates.
      while (c === 44) {
        this.#pos++;
        c = this.#skipSpace();
      }
      if (c === 41 /* ) */) {
        this.#pos++;
        break;
      }
      if (c === 36 /* $ */) {
        this.#pos++;
        out.push(null);
      } else if (c === 42 /* * */) {
        // A derived attribute: web-ifc's tokenizer gives it no value at all (the list is shorter).
        this.#pos++;
      } else if (c === 40 /* ( */) {
        this.#pos++;
        out.push(this.#args(LIST));
      } else if (c === 39 /* ' */) {
        this.#pos++;
        const value = this.#string();
        out.push(mode === TYPED ? value : { type: STRING, value });
      } else if (c === 35 /* # */) {
        this.#pos++;
        const value = this.#digits();
        out.push(mode === TYPED ? value : { type: REF, value });
      } else if (c === 46 /* . */) {
        const value = this.#enum();
        out.push(mode === TYPED ? value : { type: ENUM, value });
      } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
        const [type, value] = this.#number();
        out.push(mode === TYPED ? value : { type, value });
      } else if (c >= 65 && c <= 90) {
        const typecode = this.#keywordCode();
        if (this.#skipSpace() !== 40) throw UNSURE;
        this.#pos++;
        out.push({ type: LABEL, typecode, value: this.#args(TYPED) });
      } else {
        // Comments, `+`, lower-case keywords, the end of the text …
        throw UNSURE;
      }
    }
    if (out.length === 0 && mode !== LIST) return null;
    if (out.length === 1 && mode === TYPED) return out[0];
    return out;
  }

  /** The byte at the cursor after spaces and line breaks (undefined past the end: every test on it fails). */
  #skipSpace(): number {
    const bytes = this.#bytes;
    let c = bytes[this.#pos]!;
    while (c === 32 || c === 10 || c === 13 || c === 9) c = bytes[++this.#pos]!;
    return c;
  }

  #digits(): number {
    const bytes = this.#bytes;
    const start = this.#pos;
    let n = 0;
    for (let c = bytes[this.#pos]!; c >= 48 && c <= 57; c = bytes[++this.#pos]!) n = n * 10 + (c - 48);
    if (this.#pos === start || n > 0xffffffff) throw UNSURE;
    return n;
  }

  /**
   * The type code ({@link #typeCode}) of the upper-case entity or type name at the cursor, found
   * by a hash of its bytes, so that the name is made a string only the first time it is seen (a
   * file names a few hundred entities, thousands of times each).
   */
  #keywordCode(): number {
    const bytes = this.#bytes;
    const start = this.#pos;
    let hash = 0;
    let c = bytes[this.#pos]!;
    while ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) {
      hash = (Math.imul(hash, 31) + c) | 0;
      c = bytes[++this.#pos]!;
    }
    // A lower-case letter: web-ifc reads it, but its name lookup is not ours to guess.
    if (this.#pos === start || (c >= 97 && c <= 122)) throw UNSURE;
    const known = this.#keywordCodes.get(hash);
    if (known !== undefined && sameAscii(bytes, start, this.#pos, known.name)) {
      if (!known.code) throw UNSURE;
      return known.code;
    }
    const name = ascii(bytes, start, this.#pos);
    const code = this.#typeCode(name);
    if (known === undefined) this.#keywordCodes.set(hash, { name, code });
    return code;
  }

  #typeCode(name: string): number {
    let code = this.#typeCodes.get(name);
    if (code === undefined) {
      code = this.api.GetTypeCodeFromName(name);
      this.#typeCodes.set(name, code);
    }
    if (!code) throw UNSURE;
    return code;
  }

  /** `.NAME.`: T and F as booleans, U as undefined, else the name (web-ifc's ReadValue). */
  #enum(): unknown {
    const bytes = this.#bytes;
    const start = ++this.#pos;
    let c = bytes[this.#pos]!;
    while ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) c = bytes[++this.#pos]!;
    if (c !== 46 || this.#pos === start) throw UNSURE;
    const name = ascii(bytes, start, this.#pos++);
    return name === 'T' ? true : name === 'F' ? false : name === 'U' ? undefined : name;
  }

  /** A number: REAL (with a `.` or `E`) as its text, INTEGER as a number, as web-ifc reads them. */
  #number(): [number, unknown] {
    const bytes = this.#bytes;
    const start = this.#pos;
    if (bytes[this.#pos]! === 45) {
      this.#pos++;
      const d = bytes[this.#pos]!;
      if (!(d >= 48 && d <= 57)) throw UNSURE;
    }
    let real = false;
    // Whether the token is `-?\d+` so far (a sign past its start is not), and its value if it is.
    let integer = true;
    let n = 0;
    let c = bytes[this.#pos]!;
    while ((c >= 48 && c <= 57) || c === 46 || c === 69 || c === 101 || c === 45 || c === 43) {
      if (c === 46 || c === 69) real = true;
      else if (c === 101) throw UNSURE; // a lower-case exponent: web-ifc would read an integer
      else if (c === 45 || c === 43) integer = false;
      else n = n * 10 + (c - 48);
      c = bytes[++this.#pos]!;
    }
    if (real) return [REAL, ascii(bytes, start, this.#pos)];
    if (!integer) throw UNSURE;
    // Past 2^53 the sum may round, but it is then far out of range all the same.
    if (bytes[start] === 45) n = -n;
    // web-ifc's `long` is 32 bits in wasm.
    if (n > 0x7fffffff || n < -0x80000000) throw UNSURE;
    return [INTEGER, n];
  }

  /** A string after its opening quote, decoded as web-ifc's p21decode does (the escapes it is sure of). */
  #string(): string {
    const bytes = this.#bytes;
    let out = '';
    let from = this.#pos;
    for (;;) {
      const c = bytes[this.#pos]!;
      if (c === 39) {
        out += ascii(bytes, from, this.#pos);
        if (bytes[this.#pos + 1]! === 39) {
          out += "'";
          this.#pos += 2;
          from = this.#pos;
          continue;
        }
        this.#pos++;
        return out;
      }
      if (c === 92 /* \ */) {
        out += ascii(bytes, from, this.#pos);
        if (bytes[this.#pos + 1]! === 92) {
          out += '\\';
          this.#pos += 2;
        } else if (startsWith(bytes, this.#pos, X2)) {
          this.#pos += 4;
          out += this.#x2();
        } else {
          throw UNSURE;
        }
        from = this.#pos;
        continue;
      }
      if (!(c >= 32 && c <= 126)) throw UNSURE;
      this.#pos++;
    }
  }

  /** The UTF-16 code units of `\X2\…\X0\` (after `\X2\`), each four upper-case hex digits; BMP, no NUL. */
  #x2(): string {
    const bytes = this.#bytes;
    let out = '';
    for (;;) {
      if (startsWith(bytes, this.#pos, X0)) {
        this.#pos += 4;
        if (out === '') throw UNSURE;
        return out;
      }
      let unit = 0;
      for (let k = 0; k < 4; k++) {
        const c = bytes[this.#pos++]!;
        const digit = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1;
        if (digit < 0) throw UNSURE;
        unit = unit * 16 + digit;
      }
      if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) throw UNSURE;
      out += String.fromCharCode(unit);
    }
  }
}

/** `\X2\` and `\X0\` as bytes. */
const X2 = [92, 88, 50, 92];
const X0 = [92, 88, 48, 92];

function startsWith(bytes: Uint8Array, at: number, prefix: readonly number[]): boolean {
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** Whether the bytes `from`..`to` spell `name` (ASCII). */
function sameAscii(bytes: Uint8Array, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (bytes[from + k] !== name.charCodeAt(k)) return false;
  return true;
}

/** Node's native Latin-1 decoder (a method of Buffer that takes any Uint8Array as `this`); undefined in browsers. */
const latin1Slice = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer?.prototype?.latin1Slice as ((this: Uint8Array, from: number, to: number) => string) | undefined;

/** Bytes already checked to be printable ASCII, as a string (the same in Latin-1). */
function ascii(bytes: Uint8Array, from: number, to: number): string {
  if (latin1Slice !== undefined) return latin1Slice.call(bytes, from, to);
  if (to - from <= 4096) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  let out = '';
  for (let at = from; at < to; at += 4096) out += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(to, at + 4096)) as unknown as number[]);
  return out;
}
