// Writes fixtures/fit-storage.json: the seeded fits of fit-storage-models.ts on the plain-TS tier.
// Run once against the engine before the storage pool, from a checkout of that commit:
//   CLINREG_KERNELS=ts node --import tsx test/train/fit-storage-reference.ts > test/train/fixtures/fit-storage.json
import { MODELS, runFit } from './fit-storage-models.js';

const out: Record<string, unknown> = {};
for (const name of Object.keys(MODELS) as (keyof typeof MODELS)[]) out[name] = runFit(name);
console.log(JSON.stringify(out));
