// Benchmark: elementwise and reduction ops (add, add of a broadcast bias, mul, sum, sum over
// dim 0, mean over dim 1, a 100-step chain of adds) from [8] to [4096, 128], clinreg (native and
// wasm tiers, switched in process) against PyTorch pinned to 1 and 2 threads (a long-lived Python
// process), interleaved case by case: each case is timed by every process back to back before the
// next case, so that clinreg and PyTorch meet the same load; medians of the rounds.
// Each timing is one op call including allocating its output, as user code sees it, on two paths:
// the default (the output is left to the garbage collector) and the pooled one (the output is
// disposed after the call, or the loop runs in tidy scopes, so the next call reuses its storage as
// PyTorch's caching allocator does: `add(a, b).dispose()`; the chain disposes each intermediate
// once the next exists, as `x = x + b` frees the old x in PyTorch). Each tier runs
// in its own child process with CLINREG_KERNELS=<tier> (an application using one tier: the wasm
// process has no native addon loaded, nor the malloc settings the addon makes).
// Within a round each case is timed in --samples S batches (default 5, each ~2 ms of calls) and the
// round keeps the median batch: one batch that a preemption or a garbage collection hit (a 2-core
// machine shared with other work) then moves nothing. The row is the median of the rounds' medians;
// the spread of the rounds' medians is recorded beside it (<tier><path>RangeUs, torch{1,2}RangeUs).
// Run: node --import tsx bench/elementwise.ts [--rounds R] [--samples S] [--out FILE] [--native-threads 1,2]
// Writes bench/results/elementwise.json. Ratio = clinreg time / the faster PyTorch (< 1: clinreg faster).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { add, kernels, mean, mul, randn, sum, manualSeed, poolStats, type Tensor } from '../src/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 7;
const outAt = args.indexOf('--out');
/** Where the results go (default bench/results/elementwise.json). */
const OUT = outAt >= 0 ? args[outAt + 1]! : 'bench/results/elementwise.json';
const samplesAt = args.indexOf('--samples');
/** Timed batches per case per round; the round keeps their median. */
const SAMPLES = samplesAt >= 0 ? Number(args[samplesAt + 1]) : Number(process.env['CLINREG_BENCH_SAMPLES'] ?? 5);
/** Child mode: answer each stdin line with one round of timings on the tier CLINREG_KERNELS names. */
const SERVE = args.includes('--serve');

const SHAPES: number[][] = [[8], [64, 128], [1024, 128], [4096, 128]];
const OPS = ['add', 'add_bias', 'mul', 'sum', 'sum0', 'mean1', 'add_chain100'] as const;
type Op = (typeof OPS)[number];

/** Calls per timing batch: about 20 ms of work at 1 ns per element, at least 20. */
function repsFor(shape: number[]): number {
  const n = shape.reduce((a, b) => a * b, 1);
  return Math.max(20, Math.min(20000, Math.floor(2e7 / n)));
}

const PY = String.raw`
import json, sys, time, torch
torch.manual_seed(0)
shapes = json.loads(sys.argv[1]); ops = json.loads(sys.argv[2]); reps = json.loads(sys.argv[3]); samples = int(sys.argv[4])
data = {}
for s in shapes:
    k = 'x'.join(map(str, s))
    data[k] = (torch.randn(*s), torch.randn(*s), torch.randn(s[-1]))
def fn(op, a, b, bias):
    if op == 'add': return lambda: a + b
    if op == 'add_bias': return lambda: a + bias
    if op == 'mul': return lambda: a * b
    if op == 'sum': return lambda: a.sum()
    if op == 'sum0': return (lambda: a.sum(0)) if a.dim() > 1 else None
    if op == 'mean1': return (lambda: a.mean(1)) if a.dim() > 1 else None
    if op == 'add_chain100':
        def chain():
            x = a
            for _ in range(100): x = x + b
            return x
        return chain
print('ready', flush=True)
for line in sys.stdin:
    req = json.loads(line)
    torch.set_num_threads(req['threads'])
    out = {}
    for s, r in zip(shapes, reps):
        k = 'x'.join(map(str, s)); a, b, bias = data[k]
        for op in ops:
            if req.get('case') not in (None, op + ' ' + k): continue
            f = fn(op, a, b, bias)
            if f is None: continue
            n = max(1, r // 100) if op == 'add_chain100' else r
            w0 = time.perf_counter(); w = 0
            while w < max(3, n // 10) or time.perf_counter() - w0 < 0.03: f(); w += 1
            walls = []
            c0 = time.process_time()
            for _ in range(samples):
                t0 = time.perf_counter()
                for _ in range(n): f()
                walls.append((time.perf_counter() - t0) / n * 1e6)
            walls.sort()
            out[op + ' ' + k] = walls[len(walls) // 2] if len(walls) % 2 else (walls[len(walls) // 2 - 1] + walls[len(walls) // 2]) / 2
            out['cpu ' + op + ' ' + k] = (time.process_time() - c0) / (n * samples) * 1e6
    print(json.dumps(out), flush=True)
`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Calls f n times: one function for the warm-up and every timed batch, so that the loop is
 * optimised once, during the warm-up (a loop inlined in the case's code ran in whichever tier
 * V8 had reached: tiny ops read 0.15 or 0.30 µs from round to round).
 */
function runCalls(f: () => unknown, n: number): void {
  for (let i = 0; i < n; i++) f();
}

/** The operands of each shape, made once per process (seed 0). */
const operands = new Map<string, { a: Tensor; b: Tensor; bias: Tensor }>();
function operandsFor(s: number[]): { a: Tensor; b: Tensor; bias: Tensor } {
  const k = s.join('x');
  let o = operands.get(k);
  if (o === undefined) {
    manualSeed(0);
    o = { a: randn(s), b: randn(s), bias: randn([s[s.length - 1]!]) };
    operands.set(k, o);
  }
  return o;
}

/** Timings of every case, or of the one case named `only` ("op shape", e.g. "add 1024x128"). */
function clinregRound(only: string | null = null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of SHAPES) {
    const k = s.join('x');
    if (only !== null && !only.endsWith(` ${k}`)) continue;
    const { a, b, bias } = operandsFor(s);
    const r = repsFor(s);
    const fns: Record<Op, (() => Tensor) | null> = {
      add: () => add(a, b),
      add_bias: () => add(a, bias),
      mul: () => mul(a, b),
      sum: () => sum(a),
      sum0: s.length > 1 ? () => sum(a, 0) : null,
      mean1: s.length > 1 ? () => mean(a, 1) : null,
      add_chain100: () => {
        let x = a;
        for (let i = 0; i < 100; i++) x = add(x, b);
        return x;
      },
    };
    // The pooled path: the same calls with the output disposed (its storage back in the pool).
    const pooled: Record<Op, (() => void) | null> = {
      add: () => add(a, b).dispose(),
      add_bias: () => add(a, bias).dispose(),
      mul: () => mul(a, b).dispose(),
      sum: () => sum(a).dispose(),
      sum0: s.length > 1 ? () => sum(a, 0).dispose() : null,
      mean1: s.length > 1 ? () => mean(a, 1).dispose() : null,
      add_chain100: () => {
        let x = a;
        for (let i = 0; i < 100; i++) {
          const next = add(x, b);
          if (x !== a) x.dispose();
          x = next;
        }
        x.dispose();
      },
    };
    for (const op of OPS) {
      if (only !== null && only !== `${op} ${k}`) continue;
      for (const [prefix, f] of [['', fns[op]], ['pooled ', pooled[op]]] as const) {
        if (f === null) continue;
        const n = op === 'add_chain100' ? Math.max(1, Math.floor(r / 100)) : r;
        // Warm-up: a tenth of the calls and at least 30 ms: the process was idle while the others ran,
        // and after an idle spell a call of add [4096,128] took 141, 88, 83, 70 ... µs batch by batch,
        // 48 only after ~20 ms of calls (the virtual CPUs and their clocks waking up).
        const w0 = performance.now();
        const step = Math.max(3, Math.floor(n / 10));
        do runCalls(f, step);
        while (performance.now() - w0 < 30);
        const walls: number[] = [];
        const c0 = process.cpuUsage();
        for (let b = 0; b < SAMPLES; b++) {
          const t0 = performance.now();
          runCalls(f, n);
          walls.push(((performance.now() - t0) / n) * 1000);
        }
        out[`${prefix}${op} ${k}`] = median(walls);
        const c = process.cpuUsage(c0);
        out[`cpu ${prefix}${op} ${k}`] = (c.user + c.system) / (n * SAMPLES);
      }
    }
  }
  const p = poolStats();
  out['pool hits'] = p.hits;
  out['pool misses'] = p.misses;
  out['pool bytes'] = p.bytes;
  return out;
}

if (SERVE) {
  console.log(JSON.stringify({ tier: kernels.kernels().tier }));
  for await (const line of createInterface({ input: process.stdin })) {
    const req = JSON.parse(line) as { case?: string };
    console.log(JSON.stringify(req.case !== undefined ? clinregRound(req.case) : clinregRound()));
  }
  process.exit(0);
}

const py = spawn('/usr/bin/python3', ['-c', PY, JSON.stringify(SHAPES), JSON.stringify(OPS), JSON.stringify(SHAPES.map(repsFor)), String(SAMPLES)], {
  env: { ...process.env, OMP_NUM_THREADS: '2' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const next = async (): Promise<string> => (await lines.next()).value as string;
if ((await next()) !== 'ready') throw new Error('PyTorch server did not start');
/** PyTorch on `threads` threads: one case ("op shape"). */
const torchCase = async (threads: number, name: string): Promise<Record<string, number>> => {
  py.stdin.write(`${JSON.stringify({ threads, case: name })}\n`);
  return JSON.parse(await next()) as Record<string, number>;
};

/**
 * The clinreg processes of a round: one per tier, or with `--native-threads 1,2` one native
 * process per thread count (CLINREG_NUM_THREADS; labelled native1t, native2t) in the same rounds.
 */
const threadsAt = args.indexOf('--native-threads');
const nativeThreads = threadsAt >= 0 ? args[threadsAt + 1]!.split(',').map(Number) : [];
/** One clinreg bench process: its label in the results, kernel tier and extra environment. */
interface Runner {
  label: string;
  tier: string;
  env: Record<string, string>;
}
const runners: Runner[] = kernels
  .availableTiers()
  .filter((t) => t !== 'ts')
  .flatMap((tier): Runner[] =>
    tier === 'native' && nativeThreads.length > 0
      ? nativeThreads.map((t) => ({ label: `native${t}t`, tier, env: { CLINREG_NUM_THREADS: String(t) } }))
      : [{ label: tier, tier, env: {} }],
  );
const tiers = runners.map((r) => r.label);
const samples: Record<string, Record<string, number[]>> = {};
const push = (who: string, r: Record<string, number>): void => {
  for (const [k, v] of Object.entries(r)) ((samples[who] ??= {})[k] ??= []).push(v);
};
const children = new Map(
  runners.map(({ label, tier, env }) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/elementwise.ts', '--serve', '--samples', String(SAMPLES)], {
      env: { ...process.env, ...env, CLINREG_KERNELS: tier },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const it = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return [label, { tier, child, next: async (): Promise<string> => (await it.next()).value as string }] as const;
  }),
);
for (const [label, c] of children) {
  const hello = JSON.parse(await c.next()) as { tier: string };
  if (hello.tier !== c.tier) throw new Error(`bench child ${label} for ${c.tier} runs ${hello.tier}`);
}
/**
 * The cases ("op shape") of a round. Each is timed by every clinreg process and by PyTorch on 1
 * and 2 threads back to back (the order rotating from round to round), so the clinreg and PyTorch
 * timings of a case are made within about a tenth of a second of each other: on a shared machine
 * the load changes from second to second, and a whole round per process (several seconds each)
 * compared clinreg and PyTorch under different loads.
 */
const CASES = SHAPES.flatMap((s) => OPS.filter((op) => s.length > 1 || (op !== 'sum0' && op !== 'mean1')).map((op) => `${op} ${s.join('x')}`));
const who = [...tiers, 'torch1', 'torch2'];
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const loads: number[][] = [loadavg()];
/**
 * CPU time of the whole machine (Linux /proc/stat: busy, idle and steal jiffies), to report which
 * share of the run the cores were busy and how much of it the hypervisor took (steal: a virtual
 * CPU waiting for a physical one, which no load average shows). Null elsewhere.
 */
function cpuTimes(): { busy: number; idle: number; steal: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}
const cpuStart = cpuTimes();
for (let round = 0; round < ROUNDS; round++) {
  const results: Record<string, Record<string, number>> = Object.fromEntries(who.map((w) => [w, {}]));
  for (const [ci, name] of CASES.entries()) {
    for (let j = 0; j < who.length; j++) {
      const w = who[(j + round + ci) % who.length]!;
      // A pause between processes: PyTorch's OpenMP threads (libgomp spins ~300,000 rounds,
      // milliseconds, before it sleeps) and the native pool's worker (50 µs) spin after their
      // last task, and would take a core from the next process.
      await pause(20);
      let r: Record<string, number>;
      if (w === 'torch1' || w === 'torch2') r = await torchCase(w === 'torch1' ? 1 : 2, name);
      else {
        const c = children.get(w)!;
        c.child.stdin.write(`${JSON.stringify({ case: name })}\n`);
        r = JSON.parse(await c.next()) as Record<string, number>;
      }
      Object.assign(results[w]!, r);
    }
  }
  for (const tier of tiers) {
    // Pool counters after the round (cumulative over the process).
    const c = children.get(tier)!;
    c.child.stdin.write(`${JSON.stringify({ case: 'none 0' })}\n`);
    Object.assign(results[tier]!, JSON.parse(await c.next()) as Record<string, number>);
  }
  for (const w of who) push(w, results[w]!);
  loads.push(loadavg());
  process.stdout.write(`round ${round + 1}/${ROUNDS} (load ${loadavg()[0]!.toFixed(2)})\n`);
}
const cpuEnd = cpuTimes();
/** Shares of the machine's CPU time during the rounds (all processes, ours included). */
const cpuShares =
  cpuStart === null || cpuEnd === null
    ? null
    : (() => {
        const busy = cpuEnd.busy - cpuStart.busy;
        const idle = cpuEnd.idle - cpuStart.idle;
        const steal = cpuEnd.steal - cpuStart.steal;
        const all = busy + idle + steal;
        return { busyPct: Math.round((1000 * busy) / all) / 10, idlePct: Math.round((1000 * idle) / all) / 10, stealPct: Math.round((1000 * steal) / all) / 10 };
      })();
for (const c of children.values()) c.child.stdin.end();
py.stdin.end();

// Wall time decides; CPU time (process time, every thread) is reported beside it because on a
// loaded machine wall time of short loops mostly measures waiting for a core.
/** The lowest and highest of the rounds' values (the spread the median hides). */
const range = (xs: number[]): number[] => [Math.min(...xs), Math.max(...xs)];
const keys = Object.keys(samples['torch1']!).filter((k) => !k.startsWith('cpu '));
const rows = keys.map((k) => {
  const t1 = median(samples['torch1']![k]!);
  const t2 = median(samples['torch2']![k]!);
  const best = Math.min(t1, t2);
  const row: Record<string, number | string | number[]> = { case: k, torch1Us: t1, torch2Us: t2 };
  row['torch1RangeUs'] = range(samples['torch1']![k]!);
  row['torch2RangeUs'] = range(samples['torch2']![k]!);
  const cpuBest = Math.min(median(samples['torch1']![`cpu ${k}`]!), median(samples['torch2']![`cpu ${k}`]!));
  row['torchCpuUs'] = cpuBest;
  for (const tier of tiers) {
    for (const [path, prefix] of [['', ''], ['Pooled', 'pooled ']] as const) {
      const c = median(samples[tier]![`${prefix}${k}`]!);
      row[`${tier}${path}Us`] = c;
      row[`${tier}${path}Ratio`] = c / best;
      row[`${tier}${path}RangeUs`] = range(samples[tier]![`${prefix}${k}`]!);
      row[`${tier}${path}CpuUs`] = median(samples[tier]![`cpu ${prefix}${k}`]!);
      row[`${tier}${path}CpuRatio`] = (row[`${tier}${path}CpuUs`] as number) / cpuBest;
    }
  }
  return row;
});
const cols = tiers.flatMap((t) => [[t, ''], [t, 'Pooled']] as const);
const label = (t: string, path: string): string => (path === '' ? t : `${t} pooled`);
console.log(`\n${'case'.padEnd(24)} ${cols.map(([t, p]) => `${label(t, p)} µs`.padStart(18)).join(' ')} ${'torch1 µs'.padStart(10)} ${'torch2 µs'.padStart(10)} ${cols.map(([t, p]) => `${label(t, p)}/best`.padStart(18)).join(' ')} ${cols.map(() => 'cpu/best'.padStart(9)).join(' ')}`);
for (const r of rows) {
  const f = (x: unknown): string => (x as number).toFixed(2);
  console.log(
    `${String(r['case']).padEnd(24)} ${cols.map(([t, p]) => f(r[`${t}${p}Us`]).padStart(18)).join(' ')} ${f(r['torch1Us']).padStart(10)} ${f(r['torch2Us']).padStart(10)} ${cols.map(([t, p]) => f(r[`${t}${p}Ratio`]).padStart(18)).join(' ')} ${cols.map(([t, p]) => f(r[`${t}${p}CpuRatio`]).padStart(9)).join(' ')}`,
  );
}
// The spread: each round's median over the median of the faster PyTorch, lowest–highest.
console.log(`\nspread of the rounds (round median / best PyTorch median, lowest-highest), load ${Math.min(...loads.map((l) => l[0]!)).toFixed(2)}-${Math.max(...loads.map((l) => l[0]!)).toFixed(2)}${cpuShares === null ? '' : `, machine CPU busy ${cpuShares.busyPct}% idle ${cpuShares.idlePct}% steal ${cpuShares.stealPct}%`}`);
for (const r of rows) {
  const best = Math.min(r['torch1Us'] as number, r['torch2Us'] as number);
  const span = (key: string): string => (r[key] as number[]).map((x) => (x / best).toFixed(2)).join('-');
  console.log(`${String(r['case']).padEnd(24)} ${cols.map(([t, p]) => `${label(t, p)} ${span(`${t}${p}RangeUs`)}`).join('  ')}  torch1 ${span('torch1RangeUs')}  torch2 ${span('torch2RangeUs')}`);
}
const out = {
  benchmark: 'elementwise: one op call (output allocation included), clinreg tiers (each in its own process) on the default path and the pooled path (output disposed: <tier>Pooled*), vs PyTorch 1 and 2 threads, interleaved rounds, each round the median of samplesPerRound timed batches, rows the median of the rounds (ranges: lowest and highest round)',
  date: new Date().toISOString(),
  rounds: ROUNDS,
  samplesPerRound: SAMPLES,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadavg: loads.map((l) => l.map((x) => Math.round(x * 100) / 100)), cpuShares },
  rows,
  samples,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${OUT}`);
