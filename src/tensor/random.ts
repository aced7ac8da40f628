/**
 * Seeded random numbers for tensors (initialisation, dropout, augmentation). The generator itself
 * (xoshiro128**, normal draws, the default stream that `manualSeed` seeds) is engine-free and
 * lives in `stats/random.ts`, so that metrics, model-selection and checks draw from the same
 * stream without importing the tensor engine; this module re-exports it for tensor code.
 */
export { Generator, manualSeed, getGenerator } from '../stats/random.js';
