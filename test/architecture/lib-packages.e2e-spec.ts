import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each lib is an npm workspace package: its package.json names exactly the packages its code
 * imports (the framework as peers, which the host application provides once), and the libs it
 * may import by DESIGN.md's arrows. A host application that installs a lib gets what it needs.
 */
const LIBS = ['core', 'identity', 'community', 'discussions', 'kennisbank', 'content', 'notifications'];
// The libs ship TypeScript source, so a type-only import needs its package too; only express's
// types come from @types/express (the host's HTTP platform brings express itself).
const TYPE_ONLY = /^import\s+type\s/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function importedPackages(lib: string): string[] {
  const packages = new Set<string>();
  for (const file of sourceFiles(`libs/${lib}/src`)) {
    const source = readFileSync(file, 'utf8');
    // Static imports and exports, and the lazy `await import('x')` of a module loaded on first use.
    const statements = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^'.][^']*)'/gms), ...source.matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g)];
    for (const statement of statements) {
      const specifier = statement[1];
      if (specifier.startsWith('node:') || (specifier === 'express' && TYPE_ONLY.test(statement[0]))) continue;
      packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  }
  return [...packages].sort();
}

describe.each(LIBS)('the package of libs/%s', (lib) => {
  const pkg = JSON.parse(readFileSync(`libs/${lib}/package.json`, 'utf8')) as {
    name: string;
    exports: Record<string, Record<string, string>>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };

  it('is named for the alias and exports its public index', () => {
    expect(pkg.name).toBe(`@kennisplein/${lib}`);
    expect(pkg.exports['.']).toEqual({ types: './src/index.ts', import: './src/index.ts' });
  });

  it('declares every package its code imports, and none it does not', () => {
    const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    // reflect-metadata and rxjs are core's peers without an import: Nest needs them loaded once.
    const needed = importedPackages(lib).concat(lib === 'core' ? ['reflect-metadata', 'rxjs'] : []);
    expect([...new Set(declared)].sort()).toEqual([...new Set(needed)].sort());
  });
});
