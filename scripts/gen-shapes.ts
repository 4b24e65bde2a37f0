/*
 * Writes src/private/shapes.generated.ts: the runtime form of the public types, read from the TypeScript sources with
 * the compiler API, so that JavaScript callers (and TypeScript callers with loose types) get the checks the type
 * checker gives everyone else (src/private/shape.ts). `test/shapes.test.ts` fails when the file is out of date.
 *
 *   npx tsx scripts/gen-shapes.ts          # rewrite the file
 *   npx tsx scripts/gen-shapes.ts --print  # print it
 */
import * as fs from 'fs';
import * as path from 'path';
/* eslint-disable no-bitwise -- the compiler API reports type kinds as bit flags */
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const SHAPES_FILE = path.join(ROOT, 'src/private/shapes.generated.ts');

/** How a type is checked at run time; see src/private/shape.ts for the meaning of each form. */
type Desc = string | { lit: Array<string | number | boolean> } | { arr: Desc } | { rec: Desc } | { ref: string }
| { cls: string } | { obj: string } | { any: Desc[] };

interface Param { name: string; type: Desc; optional: boolean; rest?: boolean }

export function generateShapes(): string {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: d => { throw new Error(String(d.messageText)); },
  })!;
  const program = ts.createProgram({ rootNames: [path.join(ROOT, 'src/index.ts')], options: config.options });
  const checker = program.getTypeChecker();
  const srcDir = path.join(ROOT, 'src') + path.sep;
  const index = program.getSourceFile(path.join(ROOT, 'src/index.ts'))!;

  const internal = (symbol: ts.Symbol): boolean => symbol.getJsDocTags(checker).some(t => t.name === 'internal');
  const shapes = new Map<string, Record<string, [Desc, 0 | 1]>>();
  const pending: Array<[string, ts.Type]> = [];
  /** The classes the shapes name, for the words of the messages (FACTORIES). */
  const classes = new Map<string, ts.Symbol>();

  const declaredInSrc = (symbol: ts.Symbol | undefined): boolean =>
    (symbol?.declarations ?? []).some(d => path.resolve(d.getSourceFile().fileName).startsWith(srcDir));

  function describe(type: ts.Type): Desc {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'any';
    if (type.isUnion()) {
      const members = type.types.filter(t => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Null)));
      if (members.every(t => t.isLiteral() || t.flags & ts.TypeFlags.BooleanLiteral)) {
        if (members.every(t => t.flags & ts.TypeFlags.BooleanLiteral)) return 'boolean';
        return { lit: members.map(t => (t.isLiteral() ? t.value as string | number : checker.typeToString(t) === 'true')) };
      }
      const descs = members.map(describe);
      const unique = [...new Map(descs.map(d => [JSON.stringify(d), d])).values()];
      return unique.length === 1 ? unique[0] : { any: unique };
    }
    if (type.isLiteral()) return { lit: [type.value as string | number] };
    if (type.flags & ts.TypeFlags.StringLike) return 'string';
    if (type.flags & ts.TypeFlags.NumberLike) return 'number';
    if (type.flags & ts.TypeFlags.BooleanLike) return 'boolean';
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { arr: element ? describe(element) : 'any' };
    }
    if (type.getCallSignatures().length > 0) return 'function';
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    if (symbol && symbol.flags & ts.SymbolFlags.Class) {
      classes.set(symbol.getName(), symbol);
      return { cls: symbol.getName() };
    }
    const stringIndex = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (stringIndex && checker.getPropertiesOfType(type).length === 0) return { rec: describe(stringIndex.type) };
    if (type.flags & ts.TypeFlags.Object) {
      if (!declaredInSrc(symbol) && !declaredInSrc(type.aliasSymbol)) {
        const file = (symbol ?? type.aliasSymbol)?.declarations?.[0]?.getSourceFile().fileName ?? '';
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]?.replace(/-\d+$/, '');
        // cdk8s-plus re-exports the Kubernetes API types as its `k8s` namespace (k8s.Affinity, k8s.HostAlias...).
        const k8s = /\/lib\/imports\/k8s\.d\.ts$/.test(file) ? 'k8s.' : '';
        const name = (type.aliasSymbol ?? symbol) && `${k8s}${type.aliasSymbol?.getName() ?? symbol?.getName()}`;
        if (!pkg || pkg === 'typescript' || !name || name.endsWith('__type')) return 'object';
        // An interface that classes of that package implement (ISecret, IServiceAccount) is checked as an object:
        // its implementers are that package's classes, whatever copy of it the app loaded. A plain-data one
        // (ContainerResources, k8s.Affinity) is checked field by field, like this library's own.
        const methods = checker.getPropertiesOfType(type)
          .some(p => p.getDeclarations()?.some(d => ts.isMethodSignature(d) || ts.isMethodDeclaration(d)));
        if (methods) return { obj: `${pkg} ${name}` };
        return refTo(`${pkg} ${name}`, type);
      }
      const name = type.aliasSymbol?.getName() ?? symbol?.getName();
      return name && name !== '__type' && name !== '__object' ? refTo(name, type) : 'object';
    }
    return 'any';
  }

  function refTo(name: string, type: ts.Type): Desc {
    if (!shapes.has(name)) {
      shapes.set(name, {});
      pending.push([name, type]);
    }
    return { ref: name };
  }

  function fill(name: string, type: ts.Type): void {
    const fields: Record<string, [Desc, 0 | 1]> = {};
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!decl || prop.getName().startsWith('_') || internal(prop)) continue;
      if (ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl)) continue;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      fields[prop.getName()] = [describe(checker.getTypeOfSymbolAtLocation(prop, decl)), optional ? 1 : 0];
    }
    shapes.set(name, fields);
  }

  function params(signature: ts.Signature): Param[] {
    return signature.getParameters().map(p => {
      const decl = p.valueDeclaration as ts.ParameterDeclaration;
      const optional = !!decl.questionToken || !!decl.initializer || !!decl.dotDotDotToken;
      const type = checker.getTypeOfSymbolAtLocation(p, decl);
      if (!decl.dotDotDotToken) return { name: p.getName(), type: describe(type), optional };
      return { name: p.getName(), type: describe(checker.getTypeArguments(type as ts.TypeReference)[0] ?? type), optional, rest: true };
    });
  }

  const methods: Record<string, Record<string, Param[]>> = {};
  const constructors: Record<string, Param[]> = {};
  const moduleSymbol = checker.getSymbolAtLocation(index)!;
  for (let exported of checker.getExportsOfModule(moduleSymbol)) {
    if (exported.flags & ts.SymbolFlags.Alias) exported = checker.getAliasedSymbol(exported);
    const decl = exported.declarations?.[0];
    if (!decl || internal(exported)) continue;
    if (ts.isInterfaceDeclaration(decl)) {
      describe(checker.getDeclaredTypeOfSymbol(exported));
    } else if (ts.isClassDeclaration(decl)) {
      const className = exported.getName();
      const staticType = checker.getTypeOfSymbolAtLocation(exported, decl);
      const own: Record<string, Param[]> = {};
      const isPublic = (d: ts.Declaration) => !(ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
      for (const member of checker.getPropertiesOfType(staticType)) {
        const md = member.valueDeclaration;
        if (!md || !ts.isMethodDeclaration(md) || member.getName().startsWith('_') || !isPublic(md) || internal(member)) continue;
        if (!path.resolve(md.getSourceFile().fileName).startsWith(srcDir)) continue;
        const [signature] = checker.getTypeOfSymbolAtLocation(member, md).getCallSignatures();
        own[`static ${member.getName()}`] = params(signature);
      }
      for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported))) {
        const md = member.valueDeclaration;
        if (!md || !ts.isMethodDeclaration(md) || member.getName().startsWith('_') || !isPublic(md) || internal(member)) continue;
        if (path.resolve(md.getSourceFile().fileName).startsWith(srcDir)) {
          const [signature] = checker.getTypeOfSymbolAtLocation(member, md).getCallSignatures();
          own[member.getName()] = params(signature);
        }
      }
      if (Object.keys(own).length > 0) methods[className] = own;
      const ctor = decl.members.find(ts.isConstructorDeclaration);
      if (ctor && isPublic(ctor)) {
        constructors[className] = params(checker.getSignatureFromDeclaration(ctor)!);
      }
    }
  }
  while (pending.length > 0) {
    const [name, type] = pending.shift()!;
    fill(name, type);
  }

  /**
   * How a caller gets a value of each class the shapes name, as messages show it: its static constants and factories
   * (`KServeVersion.V0_20`, `Toleration.equal(...)`); with a public constructor, that constructor instead (statics such
   * as App.of are then lookups). Either way, the factories of the other classes declared next to it come first
   * (cdk8s-plus makes an EnvFrom with Env.fromSecret).
   */
  const factoriesOf = (owner: ts.ClassDeclaration, instance: ts.Type): string[] => {
    const symbol = owner.name && checker.getSymbolAtLocation(owner.name);
    if (!symbol) return [];
    return checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(symbol, owner)).flatMap(member => {
      const md = member.valueDeclaration;
      // Its own statics only: a subclass inherits the class's factories.
      if (!md || md.parent !== owner || member.getName().startsWith('_') || internal(member)) return [];
      if (ts.getCombinedModifierFlags(md) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return [];
      const type = checker.getTypeOfSymbolAtLocation(member, md);
      if (ts.isPropertyDeclaration(md)) return checker.isTypeAssignableTo(type, instance) ? [`${symbol.getName()}.${member.getName()}`] : [];
      if (!ts.isMethodDeclaration(md)) return [];
      const [signature] = type.getCallSignatures();
      if (!signature || !checker.isTypeAssignableTo(checker.getReturnTypeOfSignature(signature), instance)) return [];
      return [`${symbol.getName()}.${member.getName()}(${signature.getParameters().length > 0 ? '...' : ''})`];
    });
  };
  const factories: Record<string, string[]> = {};
  for (const [name, symbol] of classes) {
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl || !ts.isClassDeclaration(decl)) continue;
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const neighbours = decl.getSourceFile().statements
      .filter((st): st is ts.ClassDeclaration => ts.isClassDeclaration(st) && st !== decl)
      .filter(st => (ts.getCombinedModifierFlags(st) & ts.ModifierFlags.Export) !== 0)
      .flatMap(other => factoriesOf(other, instance));
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    const abstract = (ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract) !== 0;
    const publicCtor = !abstract && (!ctor || !(ts.getCombinedModifierFlags(ctor) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)));
    const made = [...neighbours, ...(publicCtor ? [`new ${name}(...)`] : factoriesOf(decl, instance))];
    if (made.length > 0) factories[name] = made;
  }
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  // Written as JSON text that is parsed at load: V8 parses a large JSON text faster than the same object literal, and
  // every app loads this module (cold require, issue #19).
  const parsed = (value: unknown) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
  const lines = [
    '// Generated by scripts/gen-shapes.ts from the TypeScript sources; do not edit (test/shapes.test.ts checks it is current).',
    '/* eslint-disable */',
    "import type { Desc, ParamShape } from './shape-types';",
    '',
    '/** Public interfaces: property name → [type, optional (1) or required (0)]. */',
    `export const SHAPES: Record<string, Record<string, [Desc, 0 | 1]>> = ${parsed(sorted(Object.fromEntries(shapes)))};`,
    '',
    '/** Public methods of public classes (`static name` for static ones) → their parameters. */',
    `export const METHODS: Record<string, Record<string, ParamShape[]>> = ${parsed(sorted(methods))};`,
    '',
    '/** Public constructors → their parameters. */',
    `export const CONSTRUCTORS: Record<string, ParamShape[]> = ${parsed(sorted(constructors))};`,
    '',
    '/** Classes the shapes name → how a caller gets one (`Class.CONSTANT`, `Class.factory(...)`, `new Class(...)`), for messages. */',
    `export const FACTORIES: Record<string, string[]> = ${parsed(sorted(factories))};`,
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const text = generateShapes();
  if (process.argv.includes('--print')) process.stdout.write(text);
  else fs.writeFileSync(SHAPES_FILE, text);
}
