/**
 * Fewer vertices, the same drawing: a curve of thousands of points (an ROC curve of 100k
 * patients) is drawn on a 320-pixel chart, where most vertices sit within a fraction of a pixel
 * of the line through their neighbours. Vega builds a scenegraph item per vertex, so the charts
 * hand it only the vertices the picture needs.
 */

/** Largest distance, in CSS pixels, between a drawn curve and the full curve: a quarter pixel. */
export const THIN_TOLERANCE_PX = 0.25;

/** Pixels per data unit along each axis (chart size over the scale's domain extent). */
export interface PixelScale {
  x: number;
  y: number;
}

// Distance, in pixels, from point p to the segment a–b.
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Indices of the vertices to draw so that each of several polylines sharing x values stays within
 * `tolerance` pixels of itself drawn with every vertex (Douglas–Peucker with the distance to the
 * segment, the largest over the polylines: a vertex is kept when any polyline needs it). Each kept
 * segment has every dropped vertex, hence the dropped stretch of the curve, within `tolerance` of
 * it, and the dropped stretch passes within `tolerance` of every point of the segment: the two
 * drawings are within `tolerance` of each other (Hausdorff distance). A vertex where a polyline's
 * value is null or not finite (a gap) is kept, and so are its neighbours, so gaps stay where they are.
 * @param x the shared x values, in drawing order.
 * @param ys one array of y values per polyline, each as long as `x`.
 * @param scale pixels per data unit; a larger scale than the chart's only keeps more vertices.
 * @param tolerance largest allowed distance in pixels. Default {@link THIN_TOLERANCE_PX}.
 * @returns ascending indices, the first and the last always among them.
 */
export function thinPolylines(
  x: ArrayLike<number>,
  ys: readonly ArrayLike<number | null>[],
  scale: PixelScale,
  tolerance: number = THIN_TOLERANCE_PX,
): number[] {
  const n = x.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const defined = (i: number): boolean => Number.isFinite(x[i]!) && ys.every((y) => y[i] != null && Number.isFinite(y[i]!));
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let i = 0; i < n; i++) {
    if (!defined(i)) {
      keep[i] = 1;
      if (i > 0) keep[i - 1] = 1;
      if (i < n - 1) keep[i + 1] = 1;
    }
  }
  // Simplify each stretch between kept vertices whose vertices are all defined.
  const stack: [number, number][] = [];
  for (let a = 0; a < n - 1; ) {
    let b = a + 1;
    while (keep[b] === 0) b++;
    if (defined(a) && defined(b)) stack.push([a, b]);
    a = b;
  }
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (b - a < 2) continue;
    let worst = -1;
    let far = tolerance;
    for (let i = a + 1; i < b; i++) {
      for (const y of ys) {
        const d = segmentDistance(x[i]! * scale.x, y[i]! * scale.y, x[a]! * scale.x, y[a]! * scale.y, x[b]! * scale.x, y[b]! * scale.y);
        if (d > far) {
          far = d;
          worst = i;
        }
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i] === 1) out.push(i);
  return out;
}
