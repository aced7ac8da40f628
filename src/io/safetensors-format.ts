// The safetensors container (https://github.com/huggingface/safetensors, "Format"): an unsigned
// 64-bit little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to
// {dtype, shape, data_offsets: [begin, end]} (offsets relative to the byte buffer after the header)
// plus an optional "__metadata__" string→string map, then the byte buffer. Internal helpers.
import { ModelFormatError } from '../errors.js';

/** Largest header accepted, as in the reference implementation (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/** The metadata key of a safetensors header. */
export const METADATA_KEY = '__metadata__';

/** Bytes per element of every dtype the format defines. */
export const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};

/** The dtypes clinreg loads into float32 tensors (F16/BF16 widen exactly; I64 must stay within ±2^53). */
export const LOADABLE_DTYPES: readonly string[] = ['F32', 'F16', 'BF16', 'I64'];

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const TWO_POW_53 = 2n ** 53n;

/**
 * Convert `count` elements of `dtype` at `bytes[offset…]` to float32.
 * @throws ModelFormatError for a dtype clinreg does not load, or an I64 value beyond ±2^53.
 */
export function decodeToFloat32(bytes: Uint8Array, offset: number, count: number, dtype: string, where: string): Float32Array {
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * (DTYPE_SIZES[dtype] ?? 0));
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + 4 * count));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    case 'BF16': {
      // bfloat16 is the top half of a float32: widen by shifting the bits.
      const outView = new DataView(out.buffer);
      for (let i = 0; i < count; i++) outView.setUint32(4 * i, (view.getUint16(2 * i, true) << 16) >>> 0, LITTLE_ENDIAN);
      return out;
    }
    case 'I64':
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v > TWO_POW_53 || v < -TWO_POW_53) {
          throw new ModelFormatError(`${where} holds the integer ${v} (element ${i}), beyond ±2^53; clinreg loads I64 tensors (such as num_batches_tracked) only as exact integers.`);
        }
        out[i] = Number(v);
      }
      return out;
    default:
      throw new ModelFormatError(
        `${where} has dtype ${dtype}, which clinreg does not load: it computes in float32 and loads only ${LOADABLE_DTYPES.join(', ')}. ` +
          `Fix: convert the tensor to float32 before saving (PyTorch: {k: v.float() for k, v in state_dict.items()}).`,
      );
  }
}

/** Write float32 values little-endian into `dst` at `offset`. */
export function encodeFloat32(dst: Uint8Array, offset: number, values: Float32Array): void {
  if (LITTLE_ENDIAN) {
    dst.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    return;
  }
  const view = new DataView(dst.buffer, dst.byteOffset + offset, values.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
}

/** IEEE 754 binary16 bits → number (exact; subnormals, infinities and NaN included). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
