/**
 * The official samples and what is in them. The counts were taken from the archives with `unzip`
 * and `grep`, not from readBcf: markup.bcf files; `<Comment Guid=` and `<ViewPoint Guid=` (3.0) /
 * `<Viewpoints Guid=` (2.1) in the markups; PNG files.
 */
import type { BcfArchive } from '@/lib/bcf/types';
import { SAMPLES_21, SAMPLES_3 } from './bcfHelpers';

const COUNTS: [file: string, version: '3.0' | '2.1', topics: number, comments: number, viewpoints: number, snapshots: number][] = [
  ['Document_reference_internal.bcf', '3.0', 1, 1, 1, 1],
  ['DueDate.bcf', '3.0', 1, 0, 0, 0],
  ['Milestone.bcf', '3.0', 1, 1, 1, 1],
  ['Minimum_information.bcf', '3.0', 1, 0, 0, 0],
  ['Related_topics_with_both_topics_in_the_same_file.bcf', '3.0', 2, 1, 0, 0],
  ['Topics_with_different_models_visible.bcf', '3.0', 2, 2, 2, 2],
  ['all_components_and_spaces_visible.bcf', '3.0', 1, 0, 1, 1],
  ['all_parts_except_one_visible.bcf', '3.0', 1, 0, 1, 1],
  ['all_parts_of_curtain_walls_visible.bcf', '3.0', 1, 0, 1, 1],
  ['component_selection.bcf', '3.0', 1, 0, 1, 1],
  ['document_reference_external.bcf', '3.0', 1, 1, 1, 1],
  ['orthogonal_camera.bcf', '3.0', 1, 0, 1, 1],
  ['perspective_camera.bcf', '3.0', 1, 0, 1, 1],
  ['single_invisible_wall.bcf', '3.0', 1, 1, 1, 1],
  ['single_visible_wall.bcf', '3.0', 1, 0, 1, 1],
  ['ComponentSelection.bcf', '2.1', 1, 0, 1, 1],
  ['MaximumInformation.bcf', '2.1', 2, 4, 3, 3],
  ['MinimumInformation.bcf', '2.1', 1, 0, 0, 0],
  ['OrthogonalCamera.bcf', '2.1', 1, 0, 1, 1],
  ['PerspectiveCamera.bcf', '2.1', 1, 0, 1, 1],
  ['SingleVisibleWall.bcf', '2.1', 1, 2, 1, 1],
  ['UserAssignment.bcf', '2.1', 1, 1, 0, 0],
];

export function countsOf(archive: BcfArchive) {
  const viewpoints = archive.topics.flatMap((t) => t.viewpoints);
  return {
    topics: archive.topics.length,
    comments: archive.topics.reduce((n, t) => n + t.comments.length, 0),
    viewpoints: viewpoints.length,
    snapshots: viewpoints.filter((v) => v.snapshot).length,
  };
}

export const SAMPLE_FILES = COUNTS.map(([file, version, topics, comments, viewpoints, snapshots]) => ({ file, dir: version === '3.0' ? SAMPLES_3 : SAMPLES_21, version, counts: { topics, comments, viewpoints, snapshots } }));

