// Public exports of train/ (named re-exports only).
export {};
