import { cpus } from 'node:os';
import type { Command } from 'commander';
import type { kernels } from '../../index.js';
import { clinregVersion, createContext } from '../context.js';
import { addJsonFlag } from '../flags.js';

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where wasm SIMD exists.
const SIMD_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01,
  0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b,
]);

// The TypeScript lib in use has no WebAssembly declarations; Node 20 always has the global.
function wasm(): { validate(bytes: Uint8Array): boolean } {
  return (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
}

/** What `clinreg doctor` reports. */
export interface DoctorReport {
  clinreg: string;
  node: string;
  platform: string;
  arch: string;
  cpu: { model: string; logicalCores: number; features: string[] };
  wasmSimd: boolean;
  kernels: kernels.KernelInfo;
  /** Which tier runs instead of native, why, and how to get native (null on the native tier). */
  tierNotice: string | null;
  findings: [];
}

async function collect(): Promise<DoctorReport> {
  const { kernels } = await import('../../index.js');
  const info = kernels.kernelInfo();
  const list = cpus();
  return {
    clinreg: clinregVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: { model: list[0]?.model.trim() ?? 'unknown', logicalCores: list.length, features: info.cpuFeatures },
    wasmSimd: wasm().validate(SIMD_PROBE),
    kernels: info,
    tierNotice: kernels.tierNotice(),
    findings: [],
  };
}

/**
 * `clinreg doctor`: versions, the active kernel tier and why, CPU and its vector features,
 * WebAssembly SIMD support, where the native addon and wasm module were loaded from, and (when
 * native does not run) which tier runs instead, why, and how to get native.
 * @param program the root command.
 */
export function registerDoctor(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('doctor')
      .description('versions, active kernel tier and why, CPU features'),
  ).action(async (flags: { json?: boolean }) => {
    const ctx = createContext({ json: flags.json === true });
    const r = await collect();
    const k = r.kernels;
    if (ctx.json) return ctx.emitJson(r);
    ctx.print(
      [
        `clinreg    ${r.clinreg}`,
        `node       ${r.node} (${r.platform} ${r.arch})`,
        `cpu        ${r.cpu.model}, ${r.cpu.logicalCores} logical cores`,
        `features   ${r.cpu.features.join(' ') || 'none detected'}`,
        `wasm simd  ${r.wasmSimd ? 'yes' : 'no'}`,
        `kernels    ${k.tier} — ${k.reason}`,
        `native     ${k.nativePath !== null ? `${k.nativePath} (${k.nativeIsa ?? '?'}, ${k.threads} threads)` : `not loaded: ${k.nativeError ?? 'unknown reason'}`}`,
        `wasm       ${k.wasmPath !== null ? `${k.wasmPath}${k.relaxedSimd ? ' (relaxed SIMD)' : ''}` : `not loaded: ${k.wasmError ?? 'unknown reason'}`}`,
        ...(r.tierNotice !== null ? ['', r.tierNotice] : []),
      ].join('\n'),
    );
  });
}
