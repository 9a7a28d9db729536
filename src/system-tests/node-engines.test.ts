import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The README promises that `npm ci` is clean on the oldest Node.js that package.json allows: every installed
// package must accept that version, or npm warns EBADENGINE (issue 9: cookie@2 and content-disposition@3
// declared Node 22 while we said 20.19).
const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('Node.js version', () => {
  const oldestSupported = semver.minVersion(manifest.engines.node)!.version;

  it('the running Node.js satisfies package.json', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });

  it(`every locked package accepts Node.js ${oldestSupported}`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
        return range && !semver.satisfies(oldestSupported, range, { includePrerelease: true }) ? [`${path} wants ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });
});
