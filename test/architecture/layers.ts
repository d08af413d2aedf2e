/**
 * The layer rule of ARCHITECTURE.md as code: a file in src/LAYER may import only its own layer and
 * earlier layers, and another layer only through that layer's index.ts. cli/, server/ and web/ sit
 * above every src layer; src/ never imports them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Layers in pipeline order; a later layer may import an earlier one, never the reverse. */
export const LAYERS = [
  'core',
  'contract',
  'synth',
  'features',
  'split',
  'models',
  'scoring',
  'metrics',
  'audit',
  'report',
  'store',
] as const;
const APPS = ['cli', 'server', 'web'];

export interface Violation {
  readonly file: string;
  readonly target: string;
  readonly reason: string;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative import specifiers of a TypeScript source text. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec !== undefined && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

/** The top-level area of a repo-relative path: `src/LAYER`, `cli`, ..., or undefined. */
function areaOf(
  rel: string,
): { kind: 'layer'; index: number; name: string } | { kind: 'app'; name: string } | undefined {
  const parts = rel.split(sep);
  if (parts[0] === 'src' && parts.length > 2) {
    const index = (LAYERS as readonly string[]).indexOf(parts[1]!);
    return index >= 0 ? { kind: 'layer', index, name: parts[1]! } : undefined;
  }
  if (parts[0] !== undefined && APPS.includes(parts[0])) return { kind: 'app', name: parts[0] };
  return undefined;
}

/** Checks one file's imports; `file` and results are relative to `root`. */
export function checkFile(root: string, file: string, text: string): Violation[] {
  const from = areaOf(file);
  if (from === undefined) return [];
  const out: Violation[] = [];
  for (const spec of importsOf(text)) {
    const targetAbs = resolve(root, dirname(file), spec);
    const target = relative(root, targetAbs);
    const to = areaOf(target);
    if (to === undefined) {
      if (from.kind === 'layer' && target.split(sep)[0] === 'src') {
        out.push({ file, target, reason: `src/${target.split(sep)[1]} is not a known layer` });
      }
      continue;
    }
    if (from.kind === 'layer' && to.kind === 'app') {
      out.push({ file, target, reason: `src/${from.name} must not import ${to.name}/` });
    } else if (from.kind === 'layer' && to.kind === 'layer') {
      if (to.index > from.index) {
        out.push({ file, target, reason: `layer ${from.name} imports later layer ${to.name}` });
      } else if (to.index < from.index && !/index\.(js|ts)$/.test(target)) {
        out.push({ file, target, reason: `import another layer only through its index.ts` });
      }
    } else if (from.kind === 'app' && to.kind === 'layer' && !/index\.(js|ts)$/.test(target)) {
      out.push({ file, target, reason: `import src/${to.name} only through its index.ts` });
    }
  }
  return out;
}

/** Every .ts file below `dir`, relative to `root`. */
export function tsFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...tsFiles(root, rel));
    else if (name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** All layer violations in the repository at `root`. */
export function checkRepo(root: string): Violation[] {
  const files = ['src', ...APPS].flatMap((d) => tsFiles(root, d));
  return files.flatMap((f) => checkFile(root, f, readFileSync(join(root, f), 'utf8')));
}
