// Reads the import graph of a source tree and checks the layout's rules on it: no cycles between
// files or folders, the allowed directions between folders, and no I/O in the pure stages. The
// checks are plain functions over a graph, so a test can run them on a small made-up tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** file (relative to the root, `/`-separated) -> the files and packages it imports. */
export interface ImportGraph {
  files: Map<string, { local: string[]; packages: string[] }>;
}

/** Every static or dynamic import and re-export in a TypeScript source. */
export function importsOf(source: string): string[] {
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The graph of `sources` (relative path -> text); relative imports are resolved against each other. */
export function buildGraph(sources: Map<string, string>): ImportGraph {
  const files = new Map<string, { local: string[]; packages: string[] }>();
  for (const [file, text] of sources) {
    const local: string[] = [];
    const packages: string[] = [];
    for (const spec of importsOf(text)) {
      if (spec.startsWith('.')) local.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      else packages.push(spec);
    }
    files.set(file, { local: [...new Set(local)], packages: [...new Set(packages)] });
  }
  return { files };
}

/** The graph of every `.ts` file below `root`. */
export function readGraph(root: string): ImportGraph {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) sources.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return buildGraph(sources);
}

/** The top folder of a file (`inbound/reply/x.ts` -> `inbound`); a file at the root stands for itself (`main.ts`). */
export function folderOf(file: string): string {
  const i = file.indexOf('/');
  return i < 0 ? file : file.slice(0, i);
}

/** The graph without the imports `skip` names (as `file imports target`). */
export function withoutImports(graph: ImportGraph, skip: ReadonlySet<string>): ImportGraph {
  return {
    files: new Map([...graph.files].map(([file, { local, packages }]) => [file, {
      local: local.filter((target) => !skip.has(`${file} imports ${target}`)),
      packages: packages.filter((spec) => !skip.has(`${file} imports ${spec}`)),
    }])),
  };
}

/** Cycles (strongly connected groups of more than one node, or a node importing itself) of a directed graph. */
export function findCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || edges.get(node)?.has(node)) cycles.push(group.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

export function fileEdges(graph: ImportGraph): Map<string, Set<string>> {
  return new Map([...graph.files].map(([file, { local }]) => [file, new Set(local.filter((f) => graph.files.has(f)))]));
}

export function folderEdges(graph: ImportGraph): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [file, { local }] of graph.files) {
    const from = folderOf(file);
    const set = edges.get(from) ?? new Set<string>();
    for (const target of local) if (folderOf(target) !== from) set.add(folderOf(target));
    edges.set(from, set);
  }
  return edges;
}

export interface LayoutRules {
  /** folder -> the folders it must not import. */
  forbiddenFolders: Record<string, readonly string[]>;
  /** folder -> packages (patterns) it must not import. */
  forbiddenPackages: Record<string, readonly RegExp[]>;
  /** folder -> files (relative to the root) it must not import. */
  forbiddenFiles: Record<string, readonly string[]>;
}

/** Every import that breaks a rule, as `file imports target`. */
export function findForbiddenImports(graph: ImportGraph, rules: LayoutRules): string[] {
  const offences: string[] = [];
  for (const [file, { local, packages }] of graph.files) {
    const folder = folderOf(file);
    for (const target of local) {
      if (rules.forbiddenFolders[folder]?.includes(folderOf(target)) || rules.forbiddenFiles[folder]?.includes(target)) offences.push(`${file} imports ${target}`);
    }
    for (const spec of packages) {
      if (rules.forbiddenPackages[folder]?.some((re) => re.test(spec))) offences.push(`${file} imports ${spec}`);
    }
  }
  return offences.sort();
}
