// Public exports of nn/ (named re-exports only).
export {};
