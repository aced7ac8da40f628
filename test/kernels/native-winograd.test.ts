// The native tier's Winograd F(2×2, 3×3) convolutions (native/winograd.cpp: forward, input and
// filter gradients for 3×3, stride 1, padding ≤ 2, at least 16 input channels — dy's channels for
// the input gradient) against the TypeScript reference on every native ISA
// path: odd output sizes (tiles past the last row or column), more than one 128-tile block, channel
// counts past one GEMM depth block, one image (threaded GEMMs) and several (images across threads);
// and a NaN or Inf in the input, dy or weights reaches exactly the outputs the reference's products
// reach (the transforms would spread it over whole tiles, so such calls take im2col).
import { TIERS } from './tiers.js';
import { winogradSuite } from './winograd-suite.js';

for (const tier of TIERS.filter((t) => t.name.startsWith('native-'))) winogradSuite(tier);
