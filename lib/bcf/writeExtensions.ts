/**
 * The project's allowed values: the archive's extensions plus every value its topics use (a
 * receiving tool may refuse a status it was not told about). 3.0 writes extensions.xml; 2.1 has
 * no such file and tools write `extensions.xsd`, a redefinition of markup.xsd's simple types as
 * enumerations (what the official 2.1 samples hold), named by project.bcfp.
 */
import type { BcfExtensions, BcfTopic } from './types';
import { TOPIC_DEFAULTS } from './writeMarkup';
import { buildXml } from './xml';

type Lists = { [K in keyof BcfExtensions]: string[] };

/** The lists to write: `extensions` first, then values used by `topics`, each once, blanks left out. */
export function extensionLists(extensions: BcfExtensions | undefined, topics: readonly BcfTopic[]): Lists {
  const used = {
    topicTypes: topics.map((t) => t.type || TOPIC_DEFAULTS.type),
    topicStatuses: topics.map((t) => t.status || TOPIC_DEFAULTS.status),
    priorities: topics.flatMap((t) => t.priority ?? []),
    topicLabels: topics.flatMap((t) => t.labels),
    users: topics.flatMap((t) => [t.creationAuthor || TOPIC_DEFAULTS.author, t.modifiedAuthor ?? [], t.assignedTo ?? [], ...t.comments.flatMap((c) => [c.author || TOPIC_DEFAULTS.author, c.modifiedAuthor ?? []])].flat()),
    snippetTypes: topics.flatMap((t) => t.bimSnippet?.snippetType ?? []),
    stages: topics.flatMap((t) => t.stage ?? []),
  };
  const merge = (key: keyof BcfExtensions) => [...new Set([...(extensions?.[key] ?? []), ...used[key]])].filter((s) => s.trim() !== '');
  return {
    topicTypes: merge('topicTypes'),
    topicStatuses: merge('topicStatuses'),
    priorities: merge('priorities'),
    topicLabels: merge('topicLabels'),
    users: merge('users'),
    snippetTypes: merge('snippetTypes'),
    stages: merge('stages'),
  };
}

/** extensions.xml (3.0), lists in the XSD's order. */
export function writeExtensionsXml(extensions: BcfExtensions | undefined, topics: readonly BcfTopic[]): Record<string, unknown> {
  const l = extensionLists(extensions, topics);
  const list = (wrapper: string, item: string, values: string[]) => (values.length > 0 ? { [wrapper]: { [item]: values } } : {});
  return {
    Extensions: {
      ...list('TopicTypes', 'TopicType', l.topicTypes),
      ...list('TopicStatuses', 'TopicStatus', l.topicStatuses),
      ...list('Priorities', 'Priority', l.priorities),
      ...list('TopicLabels', 'TopicLabel', l.topicLabels),
      ...list('Users', 'User', l.users),
      ...list('SnippetTypes', 'SnippetType', l.snippetTypes),
      ...list('Stages', 'Stage', l.stages),
    },
  };
}

/**
 * extensions.xsd (2.1): markup.xsd's TopicType, TopicStatus, … restricted to the lists (SnippetType
 * is not a type of the 2.1 markup.xsd). Types with an empty list are not restricted.
 */
export function writeExtensionsXsd(extensions: BcfExtensions | undefined, topics: readonly BcfTopic[]): string {
  const l = extensionLists(extensions, topics);
  const types: [string, string[]][] = [
    ['TopicType', l.topicTypes],
    ['TopicStatus', l.topicStatuses],
    ['TopicLabel', l.topicLabels],
    ['Priority', l.priorities],
    ['UserIdType', l.users],
    ['Stage', l.stages],
  ];
  const simpleTypes = types
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => ({ '@name': name, 'xs:restriction': { '@base': name, 'xs:enumeration': values.map((value) => ({ '@value': value })) } }));
  // The XSD namespace gets a prefix: the official 2.1 samples make it the default namespace, so `base="TopicType"`
  // names xs:TopicType and the schema does not compile (xmllint); a reader that ignores prefixes reads both.
  const redefine = { '@schemaLocation': 'markup.xsd', ...(simpleTypes.length > 0 && { 'xs:simpleType': simpleTypes }) };
  return buildXml({ 'xs:schema': { '@xmlns:xs': 'http://www.w3.org/2001/XMLSchema', 'xs:redefine': redefine } });
}
