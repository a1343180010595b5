/**
 * A topic's viewpoints: the markup's ViewPoint entries (Topic/Viewpoints/ViewPoint in 3.0,
 * Markup/Viewpoints in 2.1), each naming its `.bcfv` and snapshot file in the topic folder. The
 * files are found by those names, never by a name pattern; only a topic that lists no viewpoint
 * but holds BCF 1.0's fixed `viewpoint.bcfv` / `snapshot.png` gets that one.
 */
import { resolvePath, type ReadContext } from './readContext';
import { EMPTY_VISINFO, readVisinfo, type FileLookup } from './readVisinfo';
import type { BcfSnapshot, BcfViewpoint } from './types';
import { attr, child, children, num, parseXml, text, type XmlNode } from './xml';

const LEGACY_VIEWPOINT = 'viewpoint.bcfv';
const LEGACY_SNAPSHOT = 'snapshot.png';

export function readViewpoints(markup: XmlNode, topic: XmlNode, folder: string, topicGuid: string, ctx: ReadContext): BcfViewpoint[] {
  const file: FileLookup = (reference) => {
    const path = resolvePath(folder, reference);
    return path === undefined ? undefined : ctx.read(path);
  };
  const listed = [...children(child(topic, 'Viewpoints'), 'ViewPoint'), ...children(markup, 'Viewpoints').filter((v) => attr(v, 'Guid') !== undefined || text(v, 'Viewpoint') !== undefined)];
  if (listed.length === 0) return readLegacyViewpoint(folder, topicGuid, ctx, file);
  const seen = new Set<string>();
  const viewpoints: BcfViewpoint[] = [];
  for (const entry of listed) {
    const guid = ctx.guid(attr(entry, 'Guid'), `A viewpoint of topic ${topicGuid}`, topicGuid);
    if (seen.has(guid)) {
      ctx.warn('viewpoint', `Topic ${topicGuid} lists viewpoint ${guid} twice: the second was left out.`, topicGuid);
      continue;
    }
    seen.add(guid);
    const index = num(entry, 'Index');
    viewpoints.push({
      guid,
      ...(index !== undefined && Number.isInteger(index) && { index }),
      ...readViewpointFiles(text(entry, 'Viewpoint'), text(entry, 'Snapshot'), `viewpoint ${guid} of topic ${topicGuid}`, topicGuid, folder, ctx, file),
    });
  }
  return viewpoints;
}

function readViewpointFiles(
  visinfoName: string | undefined,
  snapshotName: string | undefined,
  what: string,
  topicGuid: string,
  folder: string,
  ctx: ReadContext,
  file: FileLookup,
): Omit<BcfViewpoint, 'guid' | 'index'> {
  let content = EMPTY_VISINFO;
  if (visinfoName !== undefined) {
    const path = resolvePath(folder, visinfoName);
    const bytes = path === undefined ? undefined : ctx.read(path);
    if (bytes) content = readVisinfo(parseXml(bytes, `the viewpoint file ${path} of topic ${topicGuid}`), what, topicGuid, ctx, file);
    else ctx.warn('missing_file', `The viewpoint file ${visinfoName} of ${what} is not in the archive: the viewpoint has no camera.`, topicGuid);
  }
  const snapshot = snapshotName === undefined ? undefined : readSnapshot(snapshotName, what, topicGuid, ctx, file);
  return { ...content, ...(snapshot && { snapshot }) };
}

function readSnapshot(name: string, what: string, topicGuid: string, ctx: ReadContext, file: FileLookup): BcfSnapshot | undefined {
  const bytes = file(name);
  if (!bytes) {
    ctx.warn('missing_file', `The snapshot ${name} of ${what} is not in the archive.`, topicGuid);
    return undefined;
  }
  const mime = imageType(bytes);
  if (!mime) {
    ctx.warn('snapshot', `The snapshot ${name} of ${what} is neither a PNG nor a JPEG image: it was left out.`, topicGuid);
    return undefined;
  }
  return { bytes, mime };
}

/** BCF 1.0 named the one viewpoint of a topic `viewpoint.bcfv` and its snapshot `snapshot.png`, without listing them. */
function readLegacyViewpoint(folder: string, topicGuid: string, ctx: ReadContext, file: FileLookup): BcfViewpoint[] {
  const visinfoPath = ctx.find(`${folder}/${LEGACY_VIEWPOINT}`);
  const snapshotPath = ctx.find(`${folder}/${LEGACY_SNAPSHOT}`);
  if (!visinfoPath && !snapshotPath) return [];
  let guidInFile: string | undefined;
  if (visinfoPath) guidInFile = attr(child(parseXml(ctx.read(visinfoPath)!, `the viewpoint file ${visinfoPath}`), 'VisualizationInfo'), 'Guid');
  const guid = ctx.guid(guidInFile, `The viewpoint ${LEGACY_VIEWPOINT} of topic ${topicGuid}`, topicGuid);
  ctx.warn('legacy_viewpoint', `Topic ${topicGuid} lists no viewpoint but holds ${visinfoPath ? LEGACY_VIEWPOINT : LEGACY_SNAPSHOT} (BCF 1.0's fixed name): it was read as its viewpoint.`, topicGuid);
  return [{ guid, ...readViewpointFiles(visinfoPath && LEGACY_VIEWPOINT, snapshotPath && LEGACY_SNAPSHOT, `viewpoint ${guid} of topic ${topicGuid}`, topicGuid, folder, ctx, file) }];
}

/** The image type by its first bytes (the file name may say anything). */
export function imageType(bytes: Uint8Array): BcfSnapshot['mime'] | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}
