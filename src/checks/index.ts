// Public exports of checks/ (named re-exports only).
export {};
