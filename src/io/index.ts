// Public exports of io/ (named re-exports only).
export {};
