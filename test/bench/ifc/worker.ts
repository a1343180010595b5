/**
 * The worker entry of `npm run bench:ifc:browser` (see browser.ts): the app's own IFC worker,
 * components/ifc/ifc.worker.ts (readIfc from lib/ifc/read on the posted bytes, progress and the
 * result posted back, the assets' buffers transferred), bundled by esbuild as an ES module. The
 * bench server serves it where components/ifc/importIfc.ts `readIfcInWorker` asks for it.
 */
import '@/components/ifc/ifc.worker';
