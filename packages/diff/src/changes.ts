/** Every kind of change the diff reports: a closed union, each with its class. */
export const ChangeType = {
  MappingAdded: 'mapping-added',
  MappingRemoved: 'mapping-removed',
  MappingRenamed: 'mapping-renamed',
  FieldAdded: 'field-added',
  FieldRemoved: 'field-removed',
  SourcePathChanged: 'source-path-changed',
  DestinationPathChanged: 'destination-path-changed',
  TypeChanged: 'type-changed',
  TransformChanged: 'transform-changed',
  ValueMapEntryAdded: 'value-map-entry-added',
  ValueMapEntryRemoved: 'value-map-entry-removed',
  ValueMapEntryRetargeted: 'value-map-entry-retargeted',
  ValueMapPolicyChanged: 'value-map-policy-changed',
  ChoiceAdded: 'choice-added',
  ChoiceRemoved: 'choice-removed',
  RequiredAdded: 'required-added',
  RequiredRemoved: 'required-removed',
  KeyChanged: 'key-changed',
  EndpointChanged: 'endpoint-changed',
  SampleAdded: 'sample-added',
  SampleRemoved: 'sample-removed',
  StatusChanged: 'status-changed',
  CommentChanged: 'comment-changed',
  DocumentationChanged: 'documentation-changed',
} as const;
export type ChangeType = (typeof ChangeType)[keyof typeof ChangeType];

export type Criticality = 'breaking' | 'additive' | 'editorial';

/** The class of each change type (README: Mapping versions). */
export const criticalityOf: Readonly<Record<ChangeType, Criticality>> = {
  'mapping-added': 'additive',
  'mapping-removed': 'breaking',
  'mapping-renamed': 'editorial',
  'field-added': 'additive',
  'field-removed': 'breaking',
  'source-path-changed': 'breaking',
  'destination-path-changed': 'breaking',
  'type-changed': 'breaking',
  'transform-changed': 'breaking',
  'value-map-entry-added': 'additive',
  'value-map-entry-removed': 'breaking',
  'value-map-entry-retargeted': 'breaking',
  'value-map-policy-changed': 'breaking',
  'choice-added': 'additive',
  'choice-removed': 'breaking',
  'required-added': 'breaking',
  'required-removed': 'additive',
  'key-changed': 'breaking',
  'endpoint-changed': 'breaking',
  'sample-added': 'additive',
  'sample-removed': 'editorial',
  'status-changed': 'editorial',
  'comment-changed': 'editorial',
  'documentation-changed': 'editorial',
};

export interface Change {
  type: ChangeType;
  criticality: Criticality;
  /** The destination path of the field concerned, when the change is about one field. */
  field?: string;
  /** JSON Pointer in the head file (the base file for removals). */
  path: string;
  /** Plain text (escape it for Markdown): what changed, with old and new design values. */
  message: string;
  /** The value map file, when the change comes from one a mapping uses. */
  valueMap?: string;
}

export function change(type: ChangeType, path: string, message: string, extra: { field?: string; valueMap?: string } = {}): Change {
  return { type, criticality: criticalityOf[type], path, message, ...extra };
}
