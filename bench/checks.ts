// Benchmark: checks.detectShift (and auditLeakage) on 1,000,000 rows × 20 features × 4 sites,
// against the same univariate statistics and domain classifier in scipy 1.10 / scikit-learn 1.2.
//
//   node --import tsx bench/checks.ts [--rows 1000000] [--reps 3]
//
// Runs interleaved (clinreg, python, clinreg, python, …), reports medians and the ratio
// clinreg / python, and writes bench/results/checks.json. The Python side reads the same data
// from a binary file and computes, per feature: KS (scipy ks_2samp, method auto), Wasserstein
// (scipy), PSI (numpy, same bins), SMD for numeric features; chi2_contingency and Cramér's V for
// categorical ones; the 2 × 2 missingness χ²; each site against the rest and every pair; then
// Benjamini–Hochberg and the domain classifier (LogisticRegression(C=1, lbfgs) one-vs-rest per
// site, 5-fold shuffled StratifiedKFold, on at most 2500 rows per site (clinreg's default), standardised + mean-imputed
// features with missing indicators).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { checks, data, Generator } from '../src/index.js';

const args = process.argv.slice(2);
const arg = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = arg('rows', 1_000_000);
const REPS = arg('reps', 3);
const SITES = ['north', 'south', 'east', 'west'];
const N_NUMERIC = 16;
const N_CATEGORICAL = 4;

function makeData(): { table: data.Table; numeric: Float64Array[]; categorical: Int32Array[]; site: Int32Array } {
  const g = new Generator(2024);
  const site = new Int32Array(N);
  for (let i = 0; i < N; i++) site[i] = i % SITES.length;
  const numeric: Float64Array[] = [];
  for (let f = 0; f < N_NUMERIC; f++) {
    const v = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const s = site[i]!;
      // Features 0-3 shift by site, 4-5 change scale, the rest are identical across sites.
      const shift = f < 4 ? 0.1 * (f + 1) * s : 0;
      const scale = f === 4 || f === 5 ? 1 + 0.2 * s : 1;
      let x = 50 + 10 * (shift + scale * g.normal());
      x = Math.round(x * 100) / 100;
      // 5% missing everywhere in features 6-7; feature 8 missing 40% at one site only.
      if ((f === 6 || f === 7) && g.random() < 0.05) x = NaN;
      if (f === 8 && s === 2 && g.random() < 0.4) x = NaN;
      v[i] = x;
    }
    numeric.push(v);
  }
  const categorical: Int32Array[] = [];
  for (let f = 0; f < N_CATEGORICAL; f++) {
    const c = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const u = g.random();
      const tilt = f === 0 ? 0.05 * site[i]! : 0;
      c[i] = u < 0.5 - tilt ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
      if (f === 3 && g.random() < 0.02) c[i] = -1;
    }
    categorical.push(c);
  }
  const cols: Record<string, data.Column> = { site: { kind: 'categorical', codes: site, levels: SITES } };
  numeric.forEach((v, f) => (cols[`x${f}`] = { kind: 'numeric', values: v }));
  categorical.forEach((c, f) => (cols[`c${f}`] = { kind: 'categorical', codes: c, levels: ['a', 'b', 'c', 'd'] }));
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) y[i] = g.random() < 1 / (1 + Math.exp(-(numeric[0]![i]! - 50) / 10)) ? 1 : 0;
  cols.y = { kind: 'numeric', values: y };
  return { table: new data.Table(cols), numeric, categorical, site };
}

const PYTHON = String.raw`
import sys, time, json
import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score
d, n, nnum, ncat, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
num = np.fromfile(d + '/num.f64').reshape(nnum, n)
cat = np.fromfile(d + '/cat.i32', dtype=np.int32).reshape(ncat, n)
site = np.fromfile(d + '/site.i32', dtype=np.int32)

def psi(ref, cur, bins=10, eps=1e-4):
    q = np.quantile(ref, np.arange(1, bins) / bins)
    edges = np.unique(q)
    rc = np.bincount(np.searchsorted(edges, ref), minlength=len(edges) + 1) / len(ref)
    cc = np.bincount(np.searchsorted(edges, cur), minlength=len(edges) + 1) / len(cur)
    rc, cc = np.maximum(rc, eps), np.maximum(cc, eps)
    return float(np.sum((cc - rc) * np.log(cc / rc)))

def pairs():
    for s in range(k):
        yield site == s, site != s
    for i in range(k):
        for j in range(i + 1, k):
            yield site == j, site == i

def run():
    ps = []
    for f in range(nnum):
        x = num[f]
        obs = ~np.isnan(x)
        sd = np.nanstd(x, ddof=1)
        for a, b in pairs():
            u, v = x[a & obs], x[b & obs]
            r = stats.ks_2samp(u, v)
            w = stats.wasserstein_distance(u, v) / sd
            p = psi(v, u)
            smd = (u.mean() - v.mean()) / np.sqrt((u.var(ddof=1) + v.var(ddof=1)) / 2)
            ma, mb = int((a & ~obs).sum()), int((b & ~obs).sum())
            mp = 1.0
            if ma + mb > 0:
                mp = stats.chi2_contingency([[ma, a.sum() - ma], [mb, b.sum() - mb]])[1]
            ps += [r.pvalue, mp]
    for f in range(ncat):
        c = cat[f]
        obs = c >= 0
        for a, b in pairs():
            ca = np.bincount(c[a & obs], minlength=4)
            cb = np.bincount(c[b & obs], minlength=4)
            keep = (ca + cb) > 0
            t = np.array([ca[keep], cb[keep]])
            chi = stats.chi2_contingency(t)
            v = stats.contingency.association(t, method='cramer')
            p = psi(np.repeat(np.arange(4), cb), np.repeat(np.arange(4), ca))
            ps.append(chi[1])
    p = np.sort(np.array(ps)) * len(ps) / np.arange(1, len(ps) + 1)
    np.minimum.accumulate(p[::-1])
    # domain classifier
    rng = np.random.default_rng(0)
    rows = np.sort(np.concatenate([rng.permutation(np.flatnonzero(site == s))[:2500] for s in range(k)]))
    cols = [num[f][rows] for f in range(nnum)]
    cols += [np.isnan(num[f][rows]).astype(float) for f in range(nnum) if np.isnan(num[f][rows]).any()]
    for f in range(ncat):
        c = cat[f][rows]
        cols += [(c == l).astype(float) for l in range(4)]
        if (c < 0).any():
            cols.append((c < 0).astype(float))
    X = np.array(cols).T
    s = site[rows]
    aucs = []
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, s))
    for t in range(k):
        score = np.zeros(len(rows))
        for tr, te in folds:
            mu = np.nanmean(X[tr], axis=0)
            sd = np.nanstd(X[tr], axis=0)
            sd[sd == 0] = 1
            Z = np.nan_to_num((X - mu) / sd)
            m = LogisticRegression(C=1.0).fit(Z[tr], s[tr] == t)
            score[te] = m.decision_function(Z[te])
        aucs.append(roc_auc_score(s == t, score))
    return aucs

t0 = time.perf_counter()
aucs = run()
print(json.dumps({'seconds': time.perf_counter() - t0, 'aucs': aucs}))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function main(): void {
  const t0 = performance.now();
  const { table, numeric, categorical, site } = makeData();
  const genSeconds = (performance.now() - t0) / 1000;
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-bench-checks-'));
  const numAll = new Float64Array(N * N_NUMERIC);
  numeric.forEach((v, f) => numAll.set(v, f * N));
  const catAll = new Int32Array(N * N_CATEGORICAL);
  categorical.forEach((c, f) => catAll.set(c, f * N));
  writeFileSync(join(dir, 'num.f64'), new Uint8Array(numAll.buffer));
  writeFileSync(join(dir, 'cat.i32'), new Uint8Array(catAll.buffer));
  writeFileSync(join(dir, 'site.i32'), new Uint8Array(site.buffer));

  const ours: number[] = [];
  const theirs: number[] = [];
  const audit: number[] = [];
  let report: checks.ShiftReport | undefined;
  let pyAucs: number[] = [];
  const trainTest = { train: Int32Array.from({ length: N * 0.7 }, (_, i) => i), test: Int32Array.from({ length: N - N * 0.7 }, (_, i) => N * 0.7 + i) };
  for (let r = 0; r < REPS; r++) {
    let t = performance.now();
    report = checks.detectShift(table, schema);
    ours.push((performance.now() - t) / 1000);
    t = performance.now();
    checks.auditLeakage(table, schema, { split: trainTest });
    audit.push((performance.now() - t) / 1000);
    const py = spawnSync('/usr/bin/python3', ['-c', PYTHON, dir, String(N), String(N_NUMERIC), String(N_CATEGORICAL), String(SITES.length)], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      maxBuffer: 1 << 24,
    });
    if (py.status !== 0) throw new Error(`python reference failed: ${py.stderr}`);
    const out = JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; aucs: number[] };
    theirs.push(out.seconds);
    pyAucs = out.aucs;
    console.log(`rep ${r + 1}: clinreg detectShift ${ours[r]!.toFixed(2)} s, auditLeakage ${audit[r]!.toFixed(2)} s, python ${out.seconds.toFixed(2)} s`);
  }
  rmSync(dir, { recursive: true, force: true });
  const result = {
    benchmark: 'checks.detectShift on synthetic multi-site data',
    rows: N,
    features: { numeric: N_NUMERIC, categorical: N_CATEGORICAL },
    sites: SITES.length,
    reps: REPS,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    dataGenerationSeconds: genSeconds,
    clinreg: { detectShiftSeconds: ours, medianSeconds: median(ours), auditLeakageSeconds: audit, auditLeakageMedianSeconds: median(audit) },
    python: { description: 'scipy 1.10 + scikit-learn 1.2, single-threaded BLAS, same statistics and domain classifier', seconds: theirs, medianSeconds: median(theirs) },
    ratioClinregOverPython: median(ours) / median(theirs),
    underTenSeconds: median(ours) < 10,
    findings: report!.findings.map((f) => ({ code: f.code, severity: f.severity, feature: f.feature, site: f.site })),
    domainAuc: { clinreg: report!.domainAuc!.map((s) => s.auc), python: pyAucs },
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/checks.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  console.log(`median: clinreg ${result.clinreg.medianSeconds.toFixed(2)} s, python ${result.python.medianSeconds.toFixed(2)} s, ratio ${result.ratioClinregOverPython.toFixed(2)}`);
}

main();
