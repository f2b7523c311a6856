import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The web client's strings: every key in Dutch has its English beside it (and back), and
 * no user-facing text is written into the components instead of the catalogues — JSX
 * text and the attributes a person reads or hears (aria-label, title, alt, placeholder).
 */
const WEB = join(import.meta.dirname, '../../apps/web/src');
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'title', 'alt', 'placeholder', 'label']);

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

/** i18next plurals: `count_one` and `count_other` are one key in the other language's eyes when it has no plural forms. */
const withoutPlural = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function catalogue(language: string): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const file of readdirSync(join(WEB, 'i18n', language))) {
    const content: unknown = JSON.parse(readFileSync(join(WEB, 'i18n', language, file), 'utf8'));
    for (const key of keysOf(content, file.replace(/\.json$/, ''))) {
      const value = key.split('.').slice(1).reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], content);
      entries.set(key, value);
    }
  }
  return entries;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** Words in a component's JSX that a reader would see: the strings that escaped the catalogues. */
function literalTexts(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const hasWords = (text: string) => /\p{L}{2,}/u.test(text);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && hasWords(node.initializer.text)) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((text) => `${relative(WEB, path)}: ${text}`);
}

describe('the web client’s catalogues', () => {
  const nl = catalogue('nl');
  const en = catalogue('en');

  it('has every Dutch key in English and every English key in Dutch, none empty', () => {
    const nlKeys = new Set([...nl.keys()].map(withoutPlural));
    const enKeys = new Set([...en.keys()].map(withoutPlural));
    expect([...nlKeys].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys].filter((key) => !nlKeys.has(key))).toEqual([]);
    expect([...nl, ...en].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('writes no user-facing text in the components, only catalogue keys', () => {
    const files = sourceFiles(WEB);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(literalTexts)).toEqual([]);
  });
});
