/** Reference softmax / log-softmax over each row (max-subtracted for stability). */
export function softmax(rows: number, cols: number, x: Float32Array, y: Float32Array, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, x[base + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[base + j]! - mx);
    if (log) {
      const lse = mx + Math.log(s);
      for (let j = 0; j < cols; j++) y[base + j] = x[base + j]! - lse;
    } else {
      for (let j = 0; j < cols; j++) y[base + j] = Math.exp(x[base + j]! - mx) / s;
    }
  }
}

/** Reference softmax / log-softmax gradient from the output y. */
export function softmaxBackward(rows: number, cols: number, y: Float32Array, dy: Float32Array, dx: Float32Array, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let s = 0;
    if (log) {
      for (let j = 0; j < cols; j++) s += dy[base + j]!;
      for (let j = 0; j < cols; j++) dx[base + j] = dy[base + j]! - Math.exp(y[base + j]!) * s;
    } else {
      for (let j = 0; j < cols; j++) s += dy[base + j]! * y[base + j]!;
      for (let j = 0; j < cols; j++) dx[base + j] = y[base + j]! * (dy[base + j]! - s);
    }
  }
}
