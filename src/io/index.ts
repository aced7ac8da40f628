// Public exports of io/ (named re-exports only).
export {};
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
