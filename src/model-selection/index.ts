// Public exports of model-selection/ (named re-exports only).
export {};
