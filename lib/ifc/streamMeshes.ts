/**
 * `IfcAPI.StreamMeshes` that works in the browser too. web-ifc 0.0.78's JS API always passes four
 * arguments (`applyLinearScalingFactor` last) to the wasm's StreamMeshes, but the browser build of
 * the wasm (web-ifc.wasm) binds it with three and throws `BindingError: function StreamMeshes
 * called with 4 arguments, expected 3` on every call; Node's build (web-ifc-node.wasm) takes four.
 * So in a browser no mesh ever came back (found by `npm run bench:ifc:browser`; the e2e test's
 * asset count fails without this). The three-argument form scales to metres as the four-argument
 * one does with `true` (checked on IfcOpenHouse, in millimetres: the same vertices as Node).
 */
import type { FlatMesh, IfcAPI } from 'web-ifc';

type WasmStream = { StreamMeshes(modelID: number, ids: number[], cb: (mesh: FlatMesh) => void, ...rest: unknown[]): void };

/** Which form this wasm takes, once known. */
let arity: 3 | 4 | undefined;

/** Streams the meshes of `ids` (scaled to metres) to `cb`. */
export function streamMeshes(api: IfcAPI, modelID: number, ids: number[], cb: (mesh: FlatMesh) => void): void {
  const wasm = (api as unknown as { wasmModule: WasmStream }).wasmModule;
  if (arity === 3) return wasm.StreamMeshes(modelID, ids, cb);
  try {
    api.StreamMeshes(modelID, ids, cb, true);
    arity = 4;
  } catch (error) {
    if (arity === undefined && /called with 4 arguments, expected 3/.test(String((error as Error)?.message ?? error))) {
      arity = 3;
      return wasm.StreamMeshes(modelID, ids, cb);
    }
    throw error;
  }
}
