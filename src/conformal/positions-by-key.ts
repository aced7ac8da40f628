/**
 * The positions of each key, keys in order of first appearance: `positionsByKey(['a', 'b', 'a'])`
 * is a → [0, 2], b → [1]. Linear in the keys (a per-row `[...old, i]` copy made the conformal
 * site groupings quadratic: 80 s of a 100k-row `clinreg train`).
 * @param keys one key per position.
 * @example positionsByKey(sites).get('cleveland'); // the rows of one site
 */
export function positionsByKey<K>(keys: ArrayLike<K>): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const list = out.get(k);
    if (list === undefined) out.set(k, [i]);
    else list.push(i);
  }
  return out;
}
