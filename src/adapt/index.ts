// Public exports of adapt/ (named re-exports only).
export {};
