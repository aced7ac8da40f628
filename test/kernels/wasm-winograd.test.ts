// The wasm tier's Winograd F(2×2, 3×3) convolutions (asm/winograd.ts, winograd-filter.ts: 3×3,
// stride 1, padding ≤ 2, at least 16 input channels; the input gradient as a convolution of dy
// when it has at least 16 output channels) against the TypeScript reference: odd output sizes (tiles past the last row or
// column), tile groups across row ends, more than one 64-tile block, channel counts past one GEMM
// depth block (256) and not multiples of the 6-row register tile; and a NaN or Inf in the input,
// dy or weights reaches exactly the outputs the reference's products reach (the transforms would
// spread it over whole tiles, so such calls take im2col).
import { TIERS } from './tiers.js';
import { winogradSuite } from './winograd-suite.js';

winogradSuite(TIERS.find((t) => t.name === 'wasm')!);
