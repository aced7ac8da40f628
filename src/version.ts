import { packageManifest } from './package-root.js';

/** clinreg's version, read from its package.json (src/, dist/ or the CLI bundle alike). */
export const VERSION: string = (() => {
  try {
    return packageManifest().version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
