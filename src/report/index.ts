// Public exports of report/ (named re-exports only).
export {};
