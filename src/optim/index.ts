// Public exports of optim/ (named re-exports only).
export {};
