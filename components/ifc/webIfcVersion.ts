/**
 * The installed web-ifc version: the browser's wasm URL carries it (`/wasm/<version>/web-ifc.wasm`),
 * so a new version is a new URL and the old file can be cached for good. A unit test checks it
 * against node_modules/web-ifc/package.json, so the two cannot drift.
 */
export const WEB_IFC_VERSION = '0.0.78';

/** The absolute wasm folder for web-ifc's SetWasmPath(path, true) in a worker. */
export const WEB_IFC_WASM_PATH = `/wasm/${WEB_IFC_VERSION}/`;
