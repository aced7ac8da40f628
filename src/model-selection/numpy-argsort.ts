// numpy's default `argsort` (kind='quicksort'), ported so that ties are broken exactly as in
// numpy 1.24: introsort with median-of-3 partitioning, insertion sort for ranges of ≤ 16
// elements and a heapsort fallback past 2·log2(n) levels (numpy/core/src/npysort/quicksort.cpp,
// `aquicksort_`, and heapsort.cpp, `aheapsort_`). scikit-learn 1.2's GroupKFold orders groups
// with this unstable sort, so exact fold parity needs the same tie order. Internal.

const SMALL_QUICKSORT = 15;

function msb(n: number): number {
  let depth = 0;
  while ((n = Math.floor(n / 2)) > 0) depth++;
  return depth;
}

/** Heapsort of `idx[lo .. lo+n-1]` by `v` (numpy `aheapsort_`, 1-based heap indexing). */
function aheapsort(v: ArrayLike<number>, idx: Int32Array, lo: number, n: number): void {
  const a = (k: number): number => idx[lo + k - 1] as number;
  const set = (k: number, x: number): void => {
    idx[lo + k - 1] = x;
  };
  for (let l = n >> 1; l > 0; --l) {
    const tmp = a(l);
    let i = l;
    let j = l << 1;
    while (j <= n) {
      if (j < n && (v[a(j)] as number) < (v[a(j + 1)] as number)) j += 1;
      if ((v[tmp] as number) < (v[a(j)] as number)) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  while (n > 1) {
    const tmp = a(n);
    set(n, a(1));
    n -= 1;
    let i = 1;
    let j = 2;
    while (j <= n) {
      if (j < n && (v[a(j)] as number) < (v[a(j + 1)] as number)) j++;
      if ((v[tmp] as number) < (v[a(j)] as number)) {
        set(i, a(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}

/** Indices that sort `v` ascending, ties ordered exactly as numpy 1.24's `np.argsort(v)`. */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const idx = new Int32Array(num);
  for (let i = 0; i < num; i++) idx[i] = i;
  if (num < 2) return idx;
  const swap = (i: number, j: number): void => {
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  };
  const val = (p: number): number => v[idx[p] as number] as number;
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      aheapsort(v, idx, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (val(pm) < val(pl)) swap(pm, pl);
        if (val(pr) < val(pm)) swap(pr, pm);
        if (val(pm) < val(pl)) swap(pm, pl);
        const vp = val(pm);
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (val(pi) < vp);
          do --pj;
          while (vp < val(pj));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // push the larger partition, continue with the smaller
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = idx[pi] as number;
        const vp = v[vi] as number;
        let pj = pi;
        while (pj > pl && vp < val(pj - 1)) {
          idx[pj] = idx[pj - 1] as number;
          pj--;
        }
        idx[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depths.pop() as number;
  }
  return idx;
}
