import * as path from 'path';
import * as ts from 'typescript';

/** A public class, static factory or function without an `@example`, named with the file it is declared in. */
export interface MissingExample { readonly name: string; readonly file: string }

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some(tag => tag.tagName.text === 'example');
}

/** `@internal` symbols are left out of the API reference (typedoc.json `excludeInternal`), and so need no example. */
function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some(tag => tag.tagName.text === 'internal') || /@internal\b/.test(ts.getJSDocCommentsAndTags(node).map(d => d.getText()).join(''));
}

function isPublicStatic(member: ts.ClassElement): member is ts.MethodDeclaration {
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
  return ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && !member.name.text.startsWith('_')
    && modifiers.some(m => m.kind === ts.SyntaxKind.StaticKeyword)
    && !modifiers.some(m => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)
    && !ts.getJSDocTags(member).some(tag => tag.tagName.text === 'internal');
}

/** Every exported class, every public static method of one, and every exported function that has no `@example`. */
export function missingExamples(root = path.join(__dirname, '..', '..'), given?: ts.Program): MissingExample[] {
  const entry = path.join(root, 'src', 'index.ts');
  const program = given ?? ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const missing: MissingExample[] = [];
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
    const target = (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol; // eslint-disable-line no-bitwise
    const decl = target.valueDeclaration;
    if (!decl || symbol.getName().startsWith('_') || isInternal(decl)) continue;
    const file = path.relative(root, decl.getSourceFile().fileName);
    if (ts.isFunctionDeclaration(decl) && !hasExample(decl)) missing.push({ name: symbol.getName(), file });
    if (!ts.isClassDeclaration(decl)) continue;
    if (!hasExample(decl)) missing.push({ name: symbol.getName(), file });
    for (const member of decl.members) {
      if (isPublicStatic(member) && !hasExample(member)) missing.push({ name: `${symbol.getName()}.${(member.name as ts.Identifier).text}`, file });
    }
  }
  return missing;
}

// `npx tsx test/util/doc-coverage.ts [path prefix...]` lists what still lacks an example.
if (require.main === module) {
  const prefixes = process.argv.slice(2);
  for (const m of missingExamples()) {
    if (prefixes.length === 0 || prefixes.some(p => m.file.startsWith(p))) console.log(`${m.file}: ${m.name}`);
  }
}
