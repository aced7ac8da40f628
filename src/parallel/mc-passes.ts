// MC-dropout passes that can be split across threads: each pass's draws from the global stream
// are counted, so a thread can start pass k where the serial run would (k × draws per pass).
import type { AnyModule } from '../nn/module.js';
import { noGrad } from '../tensor/autograd.js';
import { getGenerator, type Generator } from '../stats/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { forwardInBatches } from '../train/forward-batches.js';
import { withDropoutOnly } from '../train/mc-dropout.js';

/**
 * Run `count` MC-dropout passes of `model` on `x` (Dropout modules in training mode, the rest in
 * eval, modes restored), handing each pass's output to `onPass`. Returns the 32-bit draws each pass
 * took from the global generator, NaN for a pass whose draws cannot be counted (normal variates
 * keep a spare between calls, so the stream position alone does not say where a pass starts).
 */
export function runPasses(model: AnyModule, x: Tensor, count: number, onPass: (out: Tensor) => void): number[] {
  const drawn: number[] = [];
  withDropoutOnly(model, () => {
    noGrad(() => {
      for (let p = 0; p < count; p++) {
        let out: Tensor | undefined;
        drawn.push(countDraws(getGenerator(), () => (out = forwardInBatches(model, x))));
        onPass(out!);
      }
    });
  });
  return drawn;
}

type Counted = Pick<Generator, 'nextUint32' | 'fillUint32' | 'fillNormal' | 'normal'>;

/**
 * The 32-bit draws `fn` takes from `gen` (NaN when it draws normal variates). Counts through
 * instance methods shadowing the class's for the call's duration (removed afterwards): every draw
 * goes through `nextUint32` or `fillUint32` (`random`, `fillUniform` and `shuffle` call them).
 */
export function countDraws(gen: Generator, fn: () => void): number {
  const proto = Object.getPrototypeOf(gen) as Counted;
  const own = gen as Counted;
  let drawn = 0;
  own.nextUint32 = () => {
    drawn += 1;
    return proto.nextUint32.call(gen);
  };
  own.fillUint32 = (out, n = out.length) => {
    drawn += n;
    proto.fillUint32.call(gen, out, n);
  };
  own.fillNormal = (out, n = out.length) => {
    drawn = Number.NaN;
    proto.fillNormal.call(gen, out, n);
  };
  own.normal = () => {
    drawn = Number.NaN;
    return proto.normal.call(gen);
  };
  try {
    fn();
  } finally {
    for (const k of ['nextUint32', 'fillUint32', 'fillNormal', 'normal']) delete (gen as unknown as Record<string, unknown>)[k];
  }
  return drawn;
}
