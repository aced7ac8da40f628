import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/creation.js';
import { indexSelect } from '../tensor/ops/index-select.js';
import { viewAs } from '../tensor/ops/reshape.js';
import type { IndexTensor } from '../tensor/ops/indices.js';
import { normal } from './init.js';
import { checkPositiveInt } from './layer-checks.js';
import { Module } from './module.js';

/**
 * A lookup table of `numEmbeddings` learned vectors of size `embeddingDim` (PyTorch's
 * `nn.Embedding`): row `i` of `weight` `[numEmbeddings, embeddingDim]` (initialised N(0, 1), as
 * PyTorch) is the embedding of code `i`. Gradient: added into the rows that were looked up.
 * State-dict key: `weight`.
 * @param numEmbeddings number of codes. @param embeddingDim size of each vector.
 * @throws ValueError for non-positive sizes; at forward, ValueError for a code that is not an
 *   integer in [0, numEmbeddings).
 * @example new Embedding(10, 4).forward(tensor([[1, 2], [9, 0]])).shape; // [2, 2, 4]
 */
export class Embedding extends Module<[Tensor | IndexTensor], Tensor> {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** `[numEmbeddings, embeddingDim]`. */
  declare weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number) {
    super();
    checkPositiveInt(numEmbeddings, 'Embedding', 'numEmbeddings');
    checkPositiveInt(embeddingDim, 'Embedding', 'embeddingDim');
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.registerParameter('weight', zeros([numEmbeddings, embeddingDim]));
    this.resetParameters();
  }

  /** Re-draw the table from N(0, 1) (the seeded generator), as PyTorch. */
  resetParameters(): void {
    normal(this.weight);
  }

  /** Codes of any shape (a Tensor of integer values, or an `IndexTensor`) → `[...codes.shape, embeddingDim]`. */
  forward(codes: Tensor | IndexTensor): Tensor {
    const n = this.numEmbeddings;
    const idx = new Int32Array(codes.data.length);
    for (let i = 0; i < idx.length; i++) {
      const v = codes.data[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new ValueError(`Embedding(${n}, ${this.embeddingDim}): codes must be integers in [0, ${n - 1}]. Received: ${v} at flat position ${i}; map unseen or missing categories to a reserved code.`);
      }
      idx[i] = v;
    }
    const flat = indexSelect(this.weight, 0, idx);
    return viewAs(flat, [...codes.shape, this.embeddingDim], 'EmbeddingBackward');
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
