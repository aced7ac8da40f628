// A child process answering one JSON request per line (bench/engine_ref.py for PyTorch, and
// bench/engine/clinreg-server.ts for one clinreg kernel tier), so runs of different engines can
// be interleaved without start-up costs, each engine in its own process: a tier's JIT state and
// memory never mix with another's, as in an application that uses one tier.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export class JsonServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Array<(line: string) => void> = [];
  private readonly unread: string[] = [];

  constructor(readonly name: string, command: string, args: string[], env: Record<string, string> = {}) {
    this.child = spawn(command, args, { env: { ...process.env, ...env } });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const waiter = this.pending.shift();
      if (waiter === undefined) this.unread.push(line);
      else waiter(line);
    });
  }

  /** Sends one request (or none, to read the ready line) and resolves with the parsed reply. */
  request<T>(body: Record<string, unknown> | null): Promise<T> {
    return new Promise((resolve) => {
      if (body !== null) this.child.stdin.write(`${JSON.stringify(body)}\n`);
      const early = this.unread.shift();
      if (early !== undefined) resolve(JSON.parse(early) as T);
      else this.pending.push((line) => resolve(JSON.parse(line) as T));
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
