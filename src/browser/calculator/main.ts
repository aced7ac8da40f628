// The calculator page's script (bundled by scripts/build-browser.mjs, inlined by `clinreg export`):
// loads the model embedded in the page, picks the kernel tier, wires the form and batch mode.
import { Dropout } from '../../nn/dropout.js';
import { loadModelBytes } from '../load-model.js';
import { useWasmKernels } from '../wasm-tier.js';
import { wireBatch } from './batch.js';
import { base64Bytes, byId, doc } from './dom.js';
import { wireForm } from './form.js';
import type { CalculatorSpec } from './spec.js';

function start(): void {
  const engine = byId('engine');
  try {
    const wasm = doc().getElementById('clinreg-wasm');
    const tier = useWasmKernels(wasm === null ? null : base64Bytes(wasm.textContent ?? ''));
    engine.setAttribute('data-tier', tier.tier);
    const spec = JSON.parse(byId('clinreg-spec').textContent ?? '') as CalculatorSpec;
    const model = loadModelBytes(byId('clinreg-model').textContent ?? '', base64Bytes(byId('clinreg-weights').textContent ?? ''));
    spec.hasDropout = spec.hasDropout && [...model.model.modules()].some((m) => m instanceof Dropout);
    wireForm(model, spec);
    wireBatch(model, spec);
    engine.textContent = `Runs in this page, offline, on the ${tier.tier === 'wasm' ? 'WebAssembly SIMD' : 'TypeScript'} kernels (${tier.reason}).`;
    engine.setAttribute('data-ready', 'true');
  } catch (e) {
    engine.setAttribute('role', 'alert');
    engine.textContent = `The calculator cannot run: ${(e as Error).message}`;
    engine.setAttribute('data-ready', 'error');
  }
}

start();
