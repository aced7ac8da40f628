// Public exports of data/ (named re-exports only).
export {};
