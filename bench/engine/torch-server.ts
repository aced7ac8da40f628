// Client of bench/engine_ref.py: one persistent PyTorch process per thread count, answering one
// JSON request per line, so PyTorch runs can be interleaved with clinreg's without import costs.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

const PYTHON = '/usr/bin/python3';

/** Why PyTorch cannot run here (null when it can). */
export function torchMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} not found`;
  if (probe.status !== 0) return 'PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch)';
  return null;
}

/** A running engine_ref.py pinned to `threads` threads. */
export class TorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: Array<(line: string) => void> = [];

  constructor(readonly threads: number) {
    const n = String(threads);
    this.child = spawn(PYTHON, ['bench/engine_ref.py'], {
      env: { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n },
    });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[torch ${n}t] ${d.toString()}`));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  /** Sends one request and resolves with the parsed reply. */
  request<T>(body: Record<string, unknown> | null): Promise<T> {
    return new Promise((resolve) => {
      this.pending.push((line) => resolve(JSON.parse(line) as T));
      if (body !== null) this.child.stdin.write(`${JSON.stringify(body)}\n`);
    });
  }

  /** Waits for the ready line (torch imported). */
  ready(): Promise<{ torch: string }> {
    return this.request(null);
  }

  close(): void {
    this.child.stdin.end();
  }
}
