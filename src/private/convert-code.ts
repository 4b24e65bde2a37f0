/**
 * The converter's TypeScript printer (issue #21): code is built as a small tree (raw text, object and array
 * literals, calls) and printed on one line when it fits, else one entry per line, in the style of the examples.
 */

/** A piece of TypeScript. */
export type Code = RawCode | ObjectCode | ArrayCode | CallCode;

interface RawCode { readonly kind: 'raw'; readonly text: string }
interface ObjectCode { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, Code]> }
interface ArrayCode { readonly kind: 'array'; readonly items: readonly Code[] }
interface CallCode { readonly kind: 'call'; readonly callee: string; readonly args: readonly Code[] }

/** Text written as is (an identifier, a number, an expression). */
export function raw(text: string): Code {
  return { kind: 'raw', text };
}

/** A single-quoted string literal. */
export function str(value: string): Code {
  return raw(quote(value));
}

/** An object literal; entries whose value is undefined are left out. */
export function obj(entries: ReadonlyArray<readonly [string, Code | undefined]>): Code {
  return { kind: 'object', entries: entries.filter((e): e is readonly [string, Code] => e[1] !== undefined) };
}

/** An array literal. */
export function arr(items: readonly Code[]): Code {
  return { kind: 'array', items };
}

/** A call (or `new X(...)` when `callee` starts with `new `); trailing undefined arguments are left out. */
export function call(callee: string, ...args: Array<Code | undefined>): Code {
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { kind: 'call', callee, args: args.map(a => a ?? raw('undefined')) };
}

/** A JSON value as a TypeScript literal. */
export function json(value: unknown): Code {
  if (value === null) return raw('null');
  if (Array.isArray(value)) return arr(value.map(json));
  if (typeof value === 'object') return obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, json(v)]));
  if (typeof value === 'string') return str(value);
  return raw(String(value));
}

/** A single-quoted TypeScript string literal of `value`. */
export function quote(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 120;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

function inline(code: Code): string {
  switch (code.kind) {
    case 'raw': return code.text;
    case 'object': return code.entries.length === 0 ? '{}' : `{ ${code.entries.map(([k, v]) => `${key(k)}: ${inline(v)}`).join(', ')} }`;
    case 'array': return `[${code.items.map(inline).join(', ')}]`;
    case 'call': return `${code.callee}(${code.args.map(inline).join(', ')})`;
  }
}

/** Prints `code` starting at column `indent.length` (continuation lines start with `indent`). */
export function print(code: Code, indent: string = '', used: number = indent.length): string {
  const flat = inline(code);
  const empty = (code.kind === 'object' && code.entries.length === 0) || (code.kind === 'array' && code.items.length === 0);
  if (empty || (used + flat.length <= WIDTH && !flat.includes('\n'))) return flat;
  const inner = `${indent}  `;
  switch (code.kind) {
    case 'raw': return flat;
    case 'object':
      return `{\n${code.entries.map(([k, v]) => `${inner}${key(k)}: ${print(v, inner, inner.length + key(k).length + 2)},\n`).join('')}${indent}}`;
    case 'array':
      return `[\n${code.items.map(item => `${inner}${print(item, inner)},\n`).join('')}${indent}]`;
    case 'call': {
      const last = code.args[code.args.length - 1];
      const head = code.args.slice(0, -1).map(inline);
      const opening = `${code.callee}(${head.map(h => `${h}, `).join('')}`;
      // `new X(scope, 'id', {` with the props below, when only the last argument needs lines.
      if (last && last.kind !== 'raw' && used + opening.length + 2 <= WIDTH) {
        return `${opening}${print(last, indent, WIDTH)})`;
      }
      return `${code.callee}(\n${code.args.map(a => `${inner}${print(a, inner)},\n`).join('')}${indent})`;
    }
  }
}

const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await',
  'app', 'build', 'module', 'require', 'exports', 'kplus', 'process', 'console']);

/** Gives unique camelCase variable names from Kubernetes names (`sklearn-iris` → `sklearnIris`). */
export class Identifiers {
  private readonly taken = new Set<string>(RESERVED);

  /** A fresh identifier for `name`, suffixed with `suffix`, then a number, when taken. */
  public of(name: string, suffix: string = ''): string {
    const words = `${name} ${suffix}`.split(/[^A-Za-z0-9]+/).filter(w => w !== '');
    let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
    if (!/^[A-Za-z_$]/.test(base)) base = `o${base.charAt(0).toUpperCase()}${base.slice(1)}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}${n}`;
    this.taken.add(id);
    return id;
  }
}

/** What a converter part reports and uses: notes, imports, names. */
export interface ConvertScope {
  /** The app's variable names. */
  readonly ids: Identifiers;
  /** Records a note on the object being converted. */
  note(message: string, field?: string): void;
  /** Records that the generated code uses `name` from `module` and returns it. */
  use(module: 'cdk8s' | 'kserve', name: string): string;
  /** Records that the generated code uses cdk8s-plus (as `kplus`) and returns `kplus.<name>`. */
  kplus(name: string): string;
}

/**
 * A scope whose notes and imports wait for `commit`: a part that may still fall back to an ApiObject must not leave a
 * note about a conversion that did not happen, nor an import the code does not use (the app type-checks with
 * noUnusedLocals).
 */
export function deferred(scope: ConvertScope): { readonly scope: ConvertScope; commit(): void } {
  const actions: Array<() => void> = [];
  return {
    scope: {
      ids: scope.ids,
      note: (message, field) => void actions.push(() => scope.note(message, field)),
      use: (module, name) => {
        actions.push(() => scope.use(module, name));
        return name;
      },
      kplus: name => {
        actions.push(() => scope.kplus(name));
        return `kplus.${name}`;
      },
    },
    commit: () => actions.forEach(action => action()),
  };
}

/** `const <variable> = new ...;` (the declaration only when `declare`), printed as the examples are. */
export function declaration(variable: string, construct: Code, declare: boolean): string {
  const head = declare ? `const ${variable} = ` : '';
  return `${head}${print(construct, '', 2 + head.length)};`;
}
