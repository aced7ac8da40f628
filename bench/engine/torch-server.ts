// The PyTorch reference process of bench/engine.ts (bench/engine_ref.py), pinned to a thread count.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * which ignores torch.set_num_threads). OpenMP threads wait passively between parallel regions:
 * with the default active spinning, PyTorch at 2 threads on a loaded 2-core machine took 24 s
 * for an MLP epoch that takes 0.2 s at 1 thread, which measures the spin, not PyTorch.
 */
export function torchServer(threads: number, tuned: TunedBlas | null = null): JsonServer {
  const n = String(threads);
  const env: Record<string, string> = { OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, OMP_WAIT_POLICY: 'PASSIVE' };
  if (tuned !== null) {
    env['LD_LIBRARY_PATH'] = [tuned.dir, process.env['LD_LIBRARY_PATH'] ?? ''].filter((x) => x !== '').join(':');
    if (tuned.coreType !== null) env['OPENBLAS_CORETYPE'] = tuned.coreType;
  }
  return new JsonServer(tuned === null ? `torch-${n}t` : `torch-tuned-${n}t`, PYTHON, ['bench/engine_ref.py'], env);
}

/** An OpenBLAS to run PyTorch with, and the kernel (core type) that fits this CPU. */
export interface TunedBlas {
  /** Folder holding libblas.so.3 → OpenBLAS (put first on LD_LIBRARY_PATH). */
  dir: string;
  /** OPENBLAS_CORETYPE for this CPU, or null to let OpenBLAS detect it. */
  coreType: string | null;
}

/**
 * The OpenBLAS for the tuned PyTorch: $CLINREG_BENCH_OPENBLAS (a folder with libblas.so.3 from
 * OpenBLAS, e.g. `dpkg -x libopenblas0-pthread_*.deb`), else Debian's openblas-pthread folder;
 * null when neither exists. The core type follows the CPU's vector width: AVX-512 → SkylakeX,
 * AVX2 → Zen (AMD) or Haswell (Intel); $CLINREG_BENCH_OPENBLAS_CORETYPE overrides it.
 */
export function tunedBlas(): TunedBlas | null {
  const candidates = [process.env['CLINREG_BENCH_OPENBLAS'], '/usr/lib/x86_64-linux-gnu/openblas-pthread'];
  const dir = candidates.find((d) => d !== undefined && d !== '' && existsSync(join(d, 'libblas.so.3')));
  if (dir === undefined) return null;
  let coreType: string | null = process.env['CLINREG_BENCH_OPENBLAS_CORETYPE'] ?? null;
  if (coreType === null) {
    try {
      const info = readFileSync('/proc/cpuinfo', 'utf8');
      const flags = new Set((info.split('\n').find((l) => l.startsWith('flags'))?.split(':')[1] ?? '').trim().split(/\s+/));
      const amd = /AuthenticAMD/.test(info);
      coreType = flags.has('avx512f') ? 'SkylakeX' : flags.has('avx2') ? (amd ? 'Zen' : 'Haswell') : null;
    } catch {
      coreType = null;
    }
  }
  return { dir, coreType };
}
