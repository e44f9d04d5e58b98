// The one record reader lives in core, shared by lint and check-samples.
export { quoteUnsafeIntegers, streamRecords } from '@interop-design/core';
export type { RecordSink, StreamIssue, StreamIssueKind, StreamOptions, StreamResult } from '@interop-design/core';
