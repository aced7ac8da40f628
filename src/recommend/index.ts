// Public exports of recommend/ (named re-exports only).
export {};
