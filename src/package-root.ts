// Where clinreg's own files are (package.json, data/, build/, native/, worker-thread entries),
// whichever way the code was loaded: from src/ under tsx, from dist/ as tsc wrote it, or from the
// CLI bundle (dist/bundle/ and its chunks/, one folder deeper), where a fixed '../../' would miss.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The folder of the CLI bundle relative to the package root, set by scripts/build-cli.mjs
 * (esbuild `define`) in the bundle only; undeclared (typeof 'undefined') everywhere else.
 */
declare const CLINREG_BUNDLE_DIR: string | undefined;

/** What clinreg reads of its own package.json. */
export interface PackageManifest {
  /** Always 'clinreg' (how the root is recognised). */
  name: string;
  /** The package version, e.g. '0.2.0' (undefined when package.json has none). */
  version: string | undefined;
}

let found: { root: string; manifest: PackageManifest } | undefined;

/**
 * clinreg's package root: the nearest folder above this module whose package.json is named
 * 'clinreg' (found once, then cached).
 * @throws Error when no such folder exists (a copy of the code outside its package).
 * @example readFileSync(join(packageRoot(), 'data', 'heart-disease', 'README.md'), 'utf8');
 */
export function packageRoot(): string {
  return locate().root;
}

/**
 * clinreg's package.json (name and version), read once.
 * @throws Error as {@link packageRoot}.
 * @example packageManifest().version; // '0.2.0'
 */
export function packageManifest(): PackageManifest {
  return locate().manifest;
}

/**
 * An absolute path inside the package.
 * @param segments path segments below the package root.
 * @throws Error as {@link packageRoot}.
 * @example packagePath('build', 'wasm', 'kernels-simd.wasm');
 */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/**
 * The module a worker thread starts for a worker entry of clinreg: in the CLI bundle, the bundled
 * entry (`<bundle dir>/<name>.mjs`, which shares the bundle's chunks); elsewhere the module
 * `./<name>` beside the caller, `.ts` when the caller runs from source (tsx), else `.js`.
 * @param name the entry's file name without extension, in the caller's folder (e.g. 'develop-thread').
 * @param callerUrl the caller's `import.meta.url`.
 * @example new WorkerPool(workerModule('job-thread', import.meta.url));
 */
export function workerModule(name: string, callerUrl: string): URL {
  if (typeof CLINREG_BUNDLE_DIR === 'string') return pathToFileURL(join(packageRoot(), CLINREG_BUNDLE_DIR, `${name}.mjs`));
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

function locate(): { root: string; manifest: PackageManifest } {
  if (found !== undefined) return found;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest !== null) return (found = { root: dir, manifest });
    if (dirname(dir) === dir) throw new Error(`clinreg: no package.json named 'clinreg' in ${start} or any folder above it.`);
  }
}

function readManifest(path: string): PackageManifest | null {
  let pkg: { name?: unknown; version?: unknown };
  try {
    pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null; // no package.json here (or not JSON): keep walking up
  }
  if (pkg.name !== 'clinreg') return null;
  return { name: pkg.name, version: typeof pkg.version === 'string' ? pkg.version : undefined };
}
