import flowActorLane from './flow-actor-lane.js';
import flowFailurePath from './flow-failure-path.js';
import flowJobNeedsReadyMapping from './flow-job-needs-ready-mapping.js';
import flowReachable from './flow-reachable.js';
import flowStory from './flow-story.js';
import flowTrigger from './flow-trigger.js';
import mappingChangelog from './mapping-changelog.js';
import mappingChoiceNeedsValueMap from './mapping-choice-needs-value-map.js';
import mappingDuplicateDestination from './mapping-duplicate-destination.js';
import mappingExpressionDescription from './mapping-expression-description.js';
import mappingFieldComment from './mapping-field-comment.js';
import mappingFieldSource from './mapping-field-source.js';
import mappingFieldStatus from './mapping-field-status.js';
import mappingFlowLanes from './mapping-flow-lanes.js';
import mappingKey from './mapping-key.js';
import mappingListToScalar from './mapping-list-to-scalar.js';
import mappingReady from './mapping-ready.js';
import mappingRequiredDestination from './mapping-required-destination.js';
import mappingSamplePaths from './mapping-sample-paths.js';
import mappingTest from './mapping-test.js';
import metadataUnknownResource from './metadata-unknown-resource.js';
import metadataUnknownField from './metadata-unknown-field.js';
import metadataType from './metadata-type.js';
import metadataChoice from './metadata-choice.js';
import metadataMaxLength from './metadata-max-length.js';
import metadataNotWritable from './metadata-not-writable.js';
import metadataKey from './metadata-key.js';
import metadataRequired from './metadata-required.js';
import requirementsAnswered from './requirements-answered.js';
import requirementsRealtimeTrigger from './requirements-realtime-trigger.js';
import requirementsSchedule from './requirements-schedule.js';
import requirementsSystemOfRecord from './requirements-system-of-record.js';
import requirementsUnknown from './requirements-unknown.js';
import requirementsVolume from './requirements-volume.js';
import storyFormat from './story-format.js';
import storyTraced from './story-traced.js';
import valuemapDefault from './valuemap-default.js';
import valuemapDuplicateFrom from './valuemap-duplicate-from.js';
import valuemapTargets from './valuemap-targets.js';
import type { RuleMeta } from '../types.js';

/** Every rule, keyed by its id. Explicit on purpose: a rule file that is not listed here does not run. */
export const rules = {
  'story-format': storyFormat,
  'story-traced': storyTraced,
  'requirements-answered': requirementsAnswered,
  'requirements-unknown': requirementsUnknown,
  'requirements-system-of-record': requirementsSystemOfRecord,
  'requirements-schedule': requirementsSchedule,
  'requirements-realtime-trigger': requirementsRealtimeTrigger,
  'requirements-volume': requirementsVolume,
  'flow-story': flowStory,
  'flow-trigger': flowTrigger,
  'flow-reachable': flowReachable,
  'flow-actor-lane': flowActorLane,
  'flow-failure-path': flowFailurePath,
  'flow-job-needs-ready-mapping': flowJobNeedsReadyMapping,
  'mapping-flow-lanes': mappingFlowLanes,
  'mapping-choice-needs-value-map': mappingChoiceNeedsValueMap,
  'mapping-key': mappingKey,
  'mapping-list-to-scalar': mappingListToScalar,
  'mapping-expression-description': mappingExpressionDescription,
  'mapping-duplicate-destination': mappingDuplicateDestination,
  'mapping-required-destination': mappingRequiredDestination,
  'mapping-field-source': mappingFieldSource,
  'mapping-changelog': mappingChangelog,
  'mapping-field-status': mappingFieldStatus,
  'mapping-field-comment': mappingFieldComment,
  'mapping-sample-paths': mappingSamplePaths,
  'mapping-test': mappingTest,
  'mapping-ready': mappingReady,
  'metadata-unknown-resource': metadataUnknownResource,
  'metadata-unknown-field': metadataUnknownField,
  'metadata-type': metadataType,
  'metadata-choice': metadataChoice,
  'metadata-max-length': metadataMaxLength,
  'metadata-not-writable': metadataNotWritable,
  'metadata-key': metadataKey,
  'metadata-required': metadataRequired,
  'valuemap-duplicate-from': valuemapDuplicateFrom,
  'valuemap-targets': valuemapTargets,
  'valuemap-default': valuemapDefault,
} satisfies Record<string, { meta: RuleMeta<string>; check: (context: never) => void }>;

export type RuleId = keyof typeof rules;
