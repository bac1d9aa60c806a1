export { computeGrouping, GROUPING_VERSION } from './fingerprint.js';
export { parseStack } from './stack.js';
export { isInApp } from './paths.js';
export type { ExceptionInput, Frame, Grouping, GroupingInput, GroupingResult } from './types.js';
