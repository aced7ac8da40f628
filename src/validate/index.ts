// Public exports of validate/ (named re-exports only).
export {};
