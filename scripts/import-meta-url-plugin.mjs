// esbuild plugin for the repository's own bundles of tests and examples: every source file under
// the repository root (node_modules excepted) is loaded with `import.meta.url` replaced by the URL
// that `urlOf` gives for it, so paths built from import.meta.url (package root, worker entries,
// data files) resolve in the bundle as they do unbundled.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * @param {string} root the repository root.
 * @param {(path: string, rel: string) => string} urlOf the URL import.meta.url stands for in the
 *   file at `path` (`rel`: its path relative to root).
 * @param {string} name the plugin's name.
 */
export function importMetaUrlPlugin(root, urlOf, name) {
  const abs = resolve(root);
  return {
    name,
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
        const rel = relative(abs, args.path);
        if (rel.startsWith('..') || rel.split(/[\\/]/)[0] === 'node_modules') return undefined;
        const contents = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(urlOf(args.path, rel)));
        return { contents, loader: /\.m?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}
