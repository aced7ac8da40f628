// Public exports of metrics/ (named re-exports only).
export {};
