/**
 * Compiles the server (src/cli/main.ts and everything it imports from src/) into one ES module,
 * dist/server/main.js, with a source map: `npm start` and `npm run demo` run it on plain Node,
 * without tsx's loader (some 60 MB of resident memory and a slower start). Packages stay in
 * node_modules (external), loaded by Node as usual. Development, tests and scripts keep tsx.
 *
 *   npx tsx src/cli/build-server.ts      (part of `npm run build`)
 *
 * Files the server reads at run time beside its sources (the visitor pages' client.ts and CSS,
 * the question sets) are found through `import.meta.dirname`. In one bundle that would be
 * dist/server for every module, so each module's `import.meta.dirname` is rewritten to its own
 * source folder, computed from where the bundle lies (not from where it was built): a moved or
 * freshly cloned tree still resolves them.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT_DIR = path.join(ROOT, 'dist/server');
/** dist/server/main.js → the repository root. */
const ROOT_FROM_BUNDLE = '../..';

const sourceDirs: Plugin = {
  name: 'utvag-source-dirs',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.dirname')) return undefined;
      const dir = path.relative(ROOT, path.dirname(args.path)).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.dirname', `__utvagSourceDir(${JSON.stringify(dir)})`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** The compiled server's entry point. */
export const SERVER_BUNDLE = path.join(OUT_DIR, 'main.js');

export async function buildServer(): Promise<void> {
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
    outfile: path.join(OUT_DIR, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    // The map points at the sources in src/ (stack traces name them, with --enable-source-maps)
    // without carrying a copy of them: Node parses the whole map at start, and a map with the
    // sources in it is more to hold.
    sourcesContent: false,
    // Stack traces and profiles keep the real function names.
    keepNames: true,
    logLevel: 'warning',
    metafile: true,
    banner: {
      js: [
        `import { fileURLToPath as __utvagFileUrlToPath } from 'node:url';`,
        `import __utvagPath from 'node:path';`,
        `const __utvagRoot = __utvagPath.resolve(__utvagPath.dirname(__utvagFileUrlToPath(import.meta.url)), ${JSON.stringify(ROOT_FROM_BUNDLE)});`,
        `const __utvagSourceDir = (dir) => __utvagPath.join(__utvagRoot, dir);`,
      ].join('\n'),
    },
    plugins: [sourceDirs],
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`Server compiled to ${path.relative(ROOT, OUT_DIR)}/main.js (${Object.keys(result.metafile.inputs).length} source files, ${(bytes / 1024).toFixed(0)} KB with its source map)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
