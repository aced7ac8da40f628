import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { clinregVersion, createContext } from '../context.js';
import { addJsonFlag } from '../flags.js';

/** CPU features that decide which kernels can run fast. */
const INTERESTING = ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'asimd', 'neon'];

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where wasm SIMD exists.
const SIMD_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01,
  0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b,
]);

// The TypeScript lib in use has no WebAssembly declarations; Node 20 always has the global.
function wasm(): { validate(bytes: Uint8Array): boolean } {
  return (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
}

function cpuFeatures(): string[] | undefined {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = /^(?:flags|Features)\s*:\s*(.*)$/m.exec(info);
    if (line === null) return undefined;
    const have = new Set(line[1]!.split(/\s+/));
    return INTERESTING.filter((f) => have.has(f));
  } catch {
    return undefined; // not Linux
  }
}

/** What `clinreg doctor` reports. */
export interface DoctorReport {
  clinreg: string;
  node: string;
  platform: string;
  arch: string;
  cpu: { model: string; logicalCores: number; features: string[] | null };
  wasmSimd: boolean;
  findings: [];
}

function collect(): DoctorReport {
  const list = cpus();
  return {
    clinreg: clinregVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: { model: list[0]?.model.trim() ?? 'unknown', logicalCores: list.length, features: cpuFeatures() ?? null },
    wasmSimd: wasm().validate(SIMD_PROBE),
    findings: [],
  };
}

/**
 * `clinreg doctor`: versions, CPU and its vector features, WebAssembly SIMD support.
 * @param program the root command.
 */
export function registerDoctor(program: Command, _setExitCode: (code: number) => void): void {
  addJsonFlag(
    program
      .command('doctor')
      .description('versions, CPU features and WebAssembly SIMD support (what the kernels can use)'),
  ).action((flags: { json?: boolean }) => {
    const ctx = createContext({ json: flags.json === true });
    const r = collect();
    if (ctx.json) return ctx.emitJson(r);
    ctx.print(
      [
        `clinreg    ${r.clinreg}`,
        `node       ${r.node} (${r.platform} ${r.arch})`,
        `cpu        ${r.cpu.model}, ${r.cpu.logicalCores} logical cores`,
        `features   ${r.cpu.features === null ? 'unknown (no /proc/cpuinfo)' : r.cpu.features.join(' ') || 'none of ' + INTERESTING.join(' ')}`,
        `wasm simd  ${r.wasmSimd ? 'yes' : 'no'}`,
      ].join('\n'),
    );
  });
}
