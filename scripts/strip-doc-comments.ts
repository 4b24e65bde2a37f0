/**
 * Removes the documentation comments (`/** ... *\/`) from tsc's compiled JavaScript in lib/src (issue #19, cold
 * require): Node reads and scans every byte of each module an app loads, and about a third of those bytes are JSDoc
 * that only the declarations (`.d.ts`, left as tsc wrote them) and the API docs use. Each comment becomes as many
 * line breaks as it spanned, so line numbers in stack traces stay tsc's. Other comments stay (one is read by Node:
 * `node-do-not-add-exception-line` in synth-errors).
 *
 * Each file is checked: printed without comments by TypeScript's printer, the result must equal the original printed
 * the same way (same code, token for token), or the build stops. Idempotent.
 *
 * Run by the `compile` task after `tsc --build` (`tsx scripts/strip-doc-comments.ts [dir]`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The JSDoc comment ranges of `source`, in order, without repeats. */
function docComments(source: ts.SourceFile): Array<{ pos: number; end: number }> {
  const text = source.text;
  const found = new Map<number, number>();
  const visit = (node: ts.Node) => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', range.pos) && range.end - range.pos > 4) {
        found.set(range.pos, range.end);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  visit(source.endOfFileToken);
  return [...found].sort(([a], [b]) => a - b).map(([pos, end]) => ({ pos, end }));
}

/** `text` without its JSDoc comments (each replaced by its line breaks). */
export function stripDocComments(file: string, text: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let out = '';
  let at = 0;
  for (const { pos, end } of docComments(source)) {
    out += text.slice(at, pos) + '\n'.repeat(text.slice(pos, end).split('\n').length - 1);
    at = end;
  }
  out += text.slice(at);
  const printer = ts.createPrinter({ removeComments: true });
  const print = (t: string) => printer.printFile(ts.createSourceFile(file, t, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  if (out !== text && print(out) !== print(text)) throw new Error(`${file}: removing its doc comments changed its code`);
  return out;
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? jsFiles(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

/** Strips every .js file under `dir` in place; returns the bytes before and after. */
export function stripDocCommentsIn(dir: string): { before: number; after: number } {
  let before = 0;
  let after = 0;
  for (const file of jsFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const stripped = stripDocComments(file, text);
    before += text.length;
    after += stripped.length;
    if (stripped !== text) fs.writeFileSync(file, stripped);
  }
  return { before, after };
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'src'));
  const { before, after } = stripDocCommentsIn(dir);
  console.log(`${path.relative(process.cwd(), dir) || '.'}: doc comments removed from the JavaScript (${Math.round(before / 1024)} → ${Math.round(after / 1024)} KiB)`);
}
