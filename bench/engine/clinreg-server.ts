// One clinreg kernel tier as a benchmark server for bench/engine.ts (see json-server.ts).
// Usage: node --import tsx bench/engine/clinreg-server.ts <native|wasm|ts> <threads>
import { createInterface } from 'node:readline';
import { kernels as K } from '../../src/index.js';
import { makeWorkloads, timeGemm, timeMlpGemms } from './workloads.js';

const tier = process.argv[2] as K.KernelTier;
K.setKernels(K.loadKernels(tier));
if (tier === 'native') K.setNumThreads(Number(process.argv[3] ?? 1));
const workloads = makeWorkloads();
type WorkloadId = keyof typeof workloads;

function answer(req: { task: string; m?: number; n?: number; k?: number }): Record<string, unknown> {
  const kern = K.kernels();
  if (req.task === 'gemm') return { seconds: timeGemm(kern, req.m!, req.n!, req.k!) };
  if (req.task === 'mlp_gemms') return { seconds: timeMlpGemms(kern) };
  if (req.task === 'peak') return { maxrss_kib: process.resourceUsage().maxRSS };
  if (req.task === 'info') return { info: K.kernelInfo() };
  return { seconds: workloads[req.task as WorkloadId].run() };
}

console.log(JSON.stringify({ ready: true, tier: K.kernels().tier }));
createInterface({ input: process.stdin }).on('line', (line) => {
  console.log(JSON.stringify(answer(JSON.parse(line) as { task: string })));
});
