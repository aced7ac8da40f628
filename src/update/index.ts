// Public exports of update/ (model updating for a new site; named re-exports only).
export { applyRecalibration } from './apply-recalibration.js';
