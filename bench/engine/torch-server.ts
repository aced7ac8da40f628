// The PyTorch reference process of bench/engine.ts (bench/engine_ref.py), pinned to a thread count.
import { spawnSync } from 'node:child_process';
import { JsonServer } from './json-server.js';

const PYTHON = '/usr/bin/python3';

/** Why PyTorch cannot run here (null when it can). */
export function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} not found`;
  if (probe.status !== 0) return 'PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch)';
  return null;
}

/**
 * engine_ref.py with OMP/OpenBLAS/MKL threads pinned (Debian's torch hands matmul to OpenBLAS,
 * which ignores torch.set_num_threads).
 */
export function torchServer(threads: number): JsonServer {
  const n = String(threads);
  return new JsonServer(`torch-${n}t`, PYTHON, ['bench/engine_ref.py'], { OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n });
}
