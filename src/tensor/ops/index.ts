// Every tensor op, one per file with its gradient beside it.
export { add } from './add.js';
export { sub } from './sub.js';
export { mul } from './mul.js';
export { div } from './div.js';
export { matmul } from './matmul.js';
export { sum } from './sum.js';
export { relu } from './relu.js';
