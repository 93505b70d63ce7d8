// Finds every regular-expression literal in the source tree (through the TypeScript parser, so
// strings and comments never count) and checks each with redos-detector. Used by the ReDoS test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isSafe } from 'redos-detector';
import ts from 'typescript';

export interface RegexLiteral {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  /** The literal as written, e.g. `/\s+$/g`. */
  literal: string;
}

export function collectRegexLiterals(root: string, base: string = process.cwd()): RegexLiteral[] {
  const found: RegexLiteral[] = [];
  for (const file of sourceFiles(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        found.push({ file: relative(base, file).split('\\').join('/'), line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, literal: node.getText(source) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** redos-detector's verdict on one literal (flags that do not change backtracking are dropped). */
export function checkRegex(literal: RegexLiteral): { safe: boolean; why: string } {
  const slash = literal.literal.lastIndexOf('/');
  const body = literal.literal.slice(1, slash);
  let flags = literal.literal.slice(slash + 1).replace(/[gyd]/g, '');
  // redos-detector refuses `i` together with `u`; case folding does not change the backtracking shape.
  if (flags.includes('u')) flags = flags.replace('i', '');
  // No time limit: the proof is bounded by redos-detector's step count, which does not depend on how
  // busy the machine is. A timeout (15 s here once) turned a slow proof on a loaded machine into a
  // reported super-linear expression, for an expression proved safe on a quiet one.
  const result = isSafe(new RegExp(body, flags));
  return result.safe ? { safe: true, why: 'safe' } : { safe: false, why: result.error };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
