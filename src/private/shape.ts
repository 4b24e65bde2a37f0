/*
 * Runtime type checks at the public boundary: what the TypeScript compiler checks for typed callers, checked again
 * for JavaScript callers (and TypeScript callers with loose types from config files), from the types themselves
 * (shapes.generated.ts, written by scripts/gen-shapes.ts).
 *
 * The one rule of the library: a problem with user input is reported at synth, on the construct that uses it, as
 * `[construct/path] field: what is wrong; what is allowed`, together with every other problem in the app. So:
 * - a construct checks its props when constructed (`checkProps`), keeps a sanitized copy (wrong optional values
 *   left out, wrong required ones replaced by a stand-in) so that nothing after can crash on them, and reports
 *   the problems at synth;
 * - a value factory or method given wrong arguments (`guardMethods`) still returns a value, which records the
 *   problems (`recordProblems`); the construct that receives the value reports them under the field that holds it;
 * - a construct whose input needed a stand-in reports only these problems: its other checks would be about the
 *   stand-in, not about what the user wrote (`hasStandIns`); so does one whose list lost an item (the other
 *   checks would see other indices, counts, or an empty list);
 * - only where nothing can be built nor reported on (no scope, an empty construct id), or where a value object's answer
 *   is a plain string or number, the call throws, with the same `Class.method(param): problem` message.
 */
import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Desc, ParamShape } from './shape-types';
import { CONSTRUCTORS, FACTORIES, METHODS, SHAPES } from './shapes.generated';

const recorded = new WeakMap<object, string[]>();
const standIns = new WeakSet<object>();
const leftOut = new WeakMap<object, ReadonlySet<string>>();
const standInFactories = new Map<string, () => unknown>();

/** Records problems on a value object; whoever uses it reports them (see `problemsOf`). Returns the value. */
export function recordProblems<T>(value: T, problems: readonly string[]): T {
  if (problems.length > 0 && typeof value === 'object' && value !== null) {
    recorded.set(value, [...(recorded.get(value) ?? []), ...problems]);
  }
  return value;
}

/** The problems recorded on a value (empty for anything else). */
export function problemsOf(value: unknown): readonly string[] {
  return (typeof value === 'object' && value !== null && recorded.get(value)) || [];
}

/**
 * Registers how to make a stand-in of class `name` for a required argument of the wrong type, so that the code after the
 * check can run; the stand-in is never written (synth fails on the problem it replaces).
 */
export function registerStandIn(name: string, make: () => unknown): void {
  standInFactories.set(name, make);
}

/**
 * Whether the caller gave `field` (a props path: `predictor.container`) a value of the wrong type, reported and left out
 * of what the construct builds from: a check about its presence must count it as given.
 */
export function wasLeftOut(scope: IConstruct, field: string): boolean {
  return leftOut.get(scope)?.has(field) ?? false;
}

/** Whether a construct's input needed a stand-in (its other checks are then skipped, see the header). */
export function hasStandIns(scope: IConstruct): boolean {
  return standIns.has(scope);
}

interface Context {
  readonly errors: string[];
  /**
   * The value built from differs from the input in a way the construct's other checks would misreport: a stand-in
   * replaced a required value, or a list lost an item.
   */
  standIn: boolean;
  /** A required value had the wrong type and nothing can stand in for it (a scope, an app): the call cannot run. */
  unbuildable?: boolean;
  /** Problems recorded on the values given (a malformed StorageUri passed to Model.sklearn): passed on, not new. */
  readonly carried: string[];
  /** The optional fields given a value of the wrong type, left out (see wasLeftOut). */
  readonly leftOut?: string[];
}

/**
 * Checks a construct's props against the shape of its constructor's props parameter, reports every problem at synth on
 * `scope`, and returns the props to build from. `className` is the construct's class. The rules here and below are the
 * public TypeScript types, checked again at run time (our own safety rule: what the compiler tells a TypeScript
 * caller, a JavaScript caller learns at synth, and no code after meets a value of the wrong type).
 */
export function checkProps<P>(scope: IConstruct, className: string, props: P, paramIndex = 2): P {
  const param = CONSTRUCTORS[className]?.[paramIndex];
  if (!param) return props;
  const context: Context = { errors: [], standIn: false, carried: [], leftOut: [] };
  const checked = checkParam(param, props, propsField(param), context) as P;
  if (context.unbuildable) throw new Error(`${className}: ${context.errors.join('; ')}`);
  context.errors.push(...context.carried);
  report(scope, context);
  return checked;
}

/**
 * Checks the arguments of a value class's public constructor (`className`), records the problems on `instance`, and
 * returns the arguments to build from.
 */
export function checkConstructorArgs(instance: object, className: string, args: unknown[]): unknown[] {
  const params = CONSTRUCTORS[className];
  if (!params) return args;
  const context: Context = { errors: [], standIn: false, carried: [] };
  const checked = checkArgs(params, args, `new ${className}`, context);
  recordProblems(instance, [...context.errors, ...context.carried]);
  return checked;
}

/**
 * A field of a message, joined into a string only when a message needs it: valid input then builds no path strings
 * (issue #19). It always stands for a non-empty string, so it is as truthy as that string.
 */
class FieldPath {
  public constructor(private readonly base: Field, private readonly key: string | number, private readonly form: 'index' | 'property' | 'map') {}

  public toString(): string {
    switch (this.form) {
      case 'index': return `${this.base}[${this.key}]`;
      case 'map': return `${this.base}['${this.key}']`;
      default: return `${this.base}.${this.key}`;
    }
  }
}

/** A field path: a string, or a FieldPath joined when shown. */
type Field = string | FieldPath;

/** The field of each parameter, `<label>(<name>)`, built once per parameter list. */
const paramFields = new WeakMap<readonly ParamShape[], string[]>();

/** The field name that prefixes problems with a props object: its properties read as top-level fields. */
function propsField(param: ParamShape): string {
  return param.name === 'props' || param.name === 'options' ? '' : param.name;
}

function report(scope: IConstruct, context: Context): void {
  if (context.errors.length === 0) return;
  if (context.standIn) standIns.add(scope);
  if (context.leftOut?.length) leftOut.set(scope, new Set(context.leftOut));
  const errors = context.errors;
  scope.node.addValidation({ validate: () => errors });
}

/**
 * Wraps every public method of each class (static and instance) with the check of its parameters. Called with
 * wrong arguments, the method runs on sanitized ones and its result records the problems (a construct result
 * reports them itself); a result that cannot record them (a string, a number) makes the method throw the message
 * (our own safety rule, see checkProps).
 */
export function guardMethods(...classes: Array<Function & { prototype: object }>): void {
  for (const cls of classes) {
    for (const [key, params] of Object.entries(METHODS[cls.name] ?? {})) {
      const isStatic = key.startsWith('static ');
      const name = isStatic ? key.slice('static '.length) : key;
      const owner: Record<string, unknown> = isStatic ? cls as unknown as Record<string, unknown> : cls.prototype as Record<string, unknown>;
      const original = owner[name];
      // Nothing to check without parameters; hot paths such as toString() stay unwrapped.
      if (typeof original !== 'function' || (original as { guarded?: boolean }).guarded || params.length === 0) continue;
      const label = `${isStatic ? cls.name : lowerFirst(cls.name)}.${name}`;
      const guarded = function (this: unknown, ...args: unknown[]): unknown {
        const context: Context = { errors: [], standIn: false, carried: [] };
        const checked = checkArgs(params, args, label, context);
        // A value object's own problems travel with what its methods make (new RolloutPlan([...]).stage(1)).
        if (!isStatic && !isConstruct(this)) context.carried.push(...problemsOf(this));
        // Without a scope (or app) there is nothing to build on and no construct to report on: like cdk8s, throw.
        if (context.unbuildable) throw new Error(context.errors.join('; '));
        const result = (original as (...a: unknown[]) => unknown).apply(this, checked);
        if (context.errors.length === 0) {
          // Problems of the values given travel with the value made from them (a construct reports them itself);
          // a plain answer needs no carrier.
          if (context.carried.length === 0 || typeof result !== 'object' || result === null) return result;
          if (!isConstruct(result)) return recordProblems(Object.create(result), context.carried);
          report(result, { ...context, errors: context.carried });
          return result;
        }
        context.errors.push(...context.carried);
        if (isConstruct(result)) {
          report(result, context);
          return result;
        }
        // A fresh object in front of the result (which may be shared, like a version or a mode) carries the problems.
        if (typeof result === 'object' && result !== null) return recordProblems(Object.create(result), context.errors);
        if (isConstruct(this)) {
          report(this, context);
          return result;
        }
        // A value object's answer (a string, a number) cannot carry the problems, and the object may be shared.
        throw new Error(context.errors.join('; '));
      };
      Object.defineProperty(guarded, 'name', { value: name });
      (guarded as { guarded?: boolean }).guarded = true;
      owner[name] = guarded;
    }
  }
}

/** Checks a call's arguments against its parameters (our own safety rule, see checkProps). */
function checkArgs(params: readonly ParamShape[], args: unknown[], label: string, context: Context): unknown[] {
  const checked: unknown[] = [];
  let fields = paramFields.get(params);
  if (!fields) paramFields.set(params, fields = params.map(param => `${label}(${param.name})`));
  params.forEach((param, i) => {
    if (param.rest) {
      args.slice(i).forEach((arg, j) => checked.push(checkParam(param, arg, `${label}(${param.name}[${j}])`, context)));
    } else {
      checked.push(checkParam(param, args[i], fields![i], context));
    }
  });
  if (!params.some(p => p.rest) && args.length > params.length && args.slice(params.length).some(a => a !== undefined)) {
    context.errors.push(`${label}: takes ${params.length} argument${params.length === 1 ? '' : 's'} (got ${args.length})`);
  }
  return checked;
}

/** Checks one argument (our own safety rule, see checkProps). */
function checkParam(param: ParamShape, value: unknown, field: Field, context: Context): unknown {
  // A construct id: the constructs library refuses an empty one.
  if (param.name === 'id' && param.type === 'string' && (typeof value !== 'string' || value === '')) {
    context.errors.push(`${field}: must be a non-empty string`);
    context.unbuildable = true;
    return value;
  }
  if (value === undefined) {
    if (param.optional) return undefined;
    context.errors.push(`${field} is required (${expected(param.type)})`);
    return standIn(param.type, context);
  }
  return checkValue(value, param.type, field, context, !param.optional);
}

/**
 * Returns the value to build from: `value` when it fits, else without the parts that do not (each reported). An optional
 * value that lacks a required part nothing can stand in for (a Volume) is left out whole, so the call can still run.
 */
function checkValue(value: unknown, desc: Desc, field: Field, context: Context, required: boolean): unknown {
  const before = context.errors.length;
  const outerUnbuildable = context.unbuildable;
  const outerStandIn = context.standIn;
  context.unbuildable = false;
  const result = check(value, desc, field, context);
  const unbuildable = context.unbuildable;
  context.unbuildable = outerUnbuildable || (required && unbuildable);
  if (context.errors.length === before) return result;
  if (!required && (unbuildable || result === MISMATCH)) {
    // Left out whole: no stand-in inside it reaches the build.
    context.standIn = outerStandIn;
    context.leftOut?.push(String(field));
    return undefined;
  }
  return result !== MISMATCH ? result : standIn(desc, context);
}

const MISMATCH = Symbol('mismatch');

type Entries = ReadonlyArray<readonly [string, Desc, boolean]>;
const ENTRIES = new Map<string, Entries>();

/** The properties of an interface shape as [name, type, optional], built once per interface (checks are on hot paths). */
function entriesOf(ref: string): Entries {
  let entries = ENTRIES.get(ref);
  if (!entries) {
    entries = Object.entries(SHAPES[ref] ?? {}).map(([k, [d, optional]]) => [k, d, optional === 1] as const);
    ENTRIES.set(ref, entries);
  }
  return entries;
}

/** Checks a value against a type (our own safety rule, see checkProps); MISMATCH when it has not even its form. */
function check(value: unknown, desc: Desc, field: Field, context: Context): unknown {
  const wrong = (): typeof MISMATCH => {
    context.errors.push(`${field || 'props'}: must be ${expected(desc)} (got ${describeValue(value)})`);
    return MISMATCH;
  };
  if (typeof desc === 'string') {
    switch (desc) {
      case 'any': return value;
      case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : wrong();
      default: return typeof value === desc ? value : wrong();
    }
  }
  if ('lit' in desc) {
    if (desc.lit.includes(value as string)) return value;
    // A near miss among many values ('CAP_NET_ADMIN' for 'NET_ADMIN', 'always' for 'Always') is named.
    const near = typeof value === 'string' ? desc.lit.filter(l => typeof l === 'string' && isNear(l, value)) : [];
    wrong();
    if (near.length > 0) context.errors.push(`${context.errors.pop()}; did you mean ${near.map(l => `'${l}'`).join(' or ')}?`);
    return MISMATCH;
  }
  if ('obj' in desc) return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : wrong();
  if ('arr' in desc) {
    if (!Array.isArray(value)) return wrong();
    const items: unknown[] = [];
    value.forEach((item, i) => {
      const checked = checkValue(item, desc.arr, new FieldPath(field, i, 'index'), context, false);
      // A list without one of its items would mislead the construct's other checks: the items after it change index,
      // and counts, emptiness and duplicates are no longer the user's.
      if (checked === undefined) context.standIn = true;
      else items.push(checked);
    });
    return items.length === value.length && items.every((item, i) => item === value[i]) ? value : items;
  }
  if ('rec' in desc) {
    if (!isPlainObject(value)) return wrong();
    return checkEntries(value, Object.keys(value).map(k => [k, desc.rec, true]), field, context, false, true);
  }
  if ('ref' in desc) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong();
    const fields = SHAPES[desc.ref] ?? {};
    const entries = entriesOf(desc.ref);
    let known = value as Record<string, unknown>;
    if (isPlainObject(value)) {
      const unknown = Object.keys(value).filter(key => !(key in fields) && !key.startsWith('_'));
      for (const key of unknown) context.errors.push(unknownKey(field, key, desc.ref, Object.keys(fields)));
      // Reported above; the copy built from leaves them out so that no code meets a key its type does not have.
      if (unknown.length > 0) known = Object.fromEntries(Object.entries(value).filter(([key]) => !unknown.includes(key)));
    } else if (entries.length > 0 && entries.every(([, , optional]) => optional) && !entries.some(([key]) => key in value)) {
      // An instance of a class that shares no property with an all-optional interface (a Cpu given as CpuResources):
      // TypeScript's weak type check rejects it too.
      return wrong();
    }
    const checked = checkEntries(known, entries, field, context, !isPlainObject(value));
    return checked === known && known !== value ? known : checked;
  }
  if ('cls' in desc) {
    if (!isInstanceOf(value, desc.cls)) return wrong();
    const problems = problemsOf(value);
    if (problems.length > 0) {
      context.carried.push(...problems.map(p => (field ? `${field}: ${p}` : p)));
      context.standIn = true;
    }
    return value;
  }
  // A union: the first member that fits; otherwise one message listing them all.
  for (const member of desc.any) {
    const trial: Context = { errors: [], standIn: false, carried: [] };
    const result = check(value, member, field, trial);
    if (trial.errors.length === 0) {
      context.carried.push(...trial.carried);
      context.standIn ||= trial.standIn;
      return result;
    }
    // The value has the member's form (an object for an interface, an instance of the class): its own problems are the message.
    if (result !== MISMATCH && typeof member === 'object' && ('ref' in member || 'cls' in member)) {
      context.errors.push(...trial.errors);
      context.carried.push(...trial.carried);
      context.standIn ||= trial.standIn;
      context.unbuildable ||= trial.unbuildable;
      return result;
    }
  }
  return wrong();
}

/**
 * Checks the listed entries of an object (our own safety rule, see checkProps); returns it unchanged when all fit, else
 * a copy without what does not.
 */
function checkEntries(value: Record<string, unknown>, entries: Entries, field: Field,
  context: Context, keepInstance: boolean, map = false): unknown {
  let copy: Record<string, unknown> | undefined;
  for (const [key, desc, optional] of entries) {
    const item = value[key];
    if (item === undefined && optional && !map) continue;
    // A map's keys are the user's own names ('example.com/replicas'), shown quoted; a property reads as `field.key`.
    const at: Field = map ? new FieldPath(field || 'props', key, 'map') : field ? new FieldPath(field, key, 'property') : key;
    let checked: unknown;
    if (item === undefined && map) {
      // A map's entry left undefined (`{ team: undefined }`) would vanish from the output without a word.
      context.errors.push(`${at}: must be ${expected(desc)} (got undefined)`);
      checked = undefined;
    } else if (item === undefined) {
      if (optional) continue;
      context.errors.push(`${at} is required (${expected(desc)})`);
      checked = standIn(desc, context);
    } else {
      checked = checkValue(item, desc, at, context, !optional);
    }
    if (checked !== item || item === undefined) {
      if (keepInstance) {
        context.standIn = true;
        continue;
      }
      copy ??= { ...value };
      if (checked === undefined) delete copy[key]; else copy[key] = checked;
    }
  }
  return copy ?? value;
}

/** A value of the declared type for a required argument that had the wrong one; marks the context. */
function standIn(desc: Desc, context: Context): unknown {
  context.standIn = true;
  if (typeof desc === 'string') {
    return ({ string: '', number: 0, boolean: false, object: {}, function: () => undefined } as Record<string, unknown>)[desc];
  }
  if ('lit' in desc) return desc.lit[0];
  if ('obj' in desc) return {};
  if ('arr' in desc) return [];
  if ('rec' in desc) return {};
  if ('ref' in desc) {
    const scratch: Context = { errors: [], standIn: false, carried: [] };
    return checkEntries({}, entriesOf(desc.ref), '', scratch, false);
  }
  if ('cls' in desc) {
    const make = standInFactories.get(desc.cls);
    if (!make) context.unbuildable = true;
    return make?.();
  }
  return standIn(desc.any[0], context);
}

/** What a type allows, in words. */
export function expected(desc: Desc): string {
  if (typeof desc === 'string') {
    return ({ string: 'a string', number: 'a number', boolean: 'true or false', function: 'a function', object: 'an object', any: 'any value' } as Record<string, string>)[desc] ?? desc;
  }
  if ('lit' in desc) return desc.lit.length === 1 ? `'${desc.lit[0]}'` : `one of ${desc.lit.map(v => `'${v}'`).join(', ')}`;
  if ('arr' in desc) return `an array of ${plural(expected(desc.arr))}`;
  if ('rec' in desc) return `an object mapping names to ${plural(expected(desc.rec))}`;
  if ('ref' in desc) {
    const fields = Object.entries(SHAPES[desc.ref] ?? {});
    const required = fields.filter(([, [, optional]]) => optional === 0).map(([key]) => key);
    return `${article(desc.ref)} ${desc.ref} (${objectForm(required.length > 0 ? required : fields.slice(0, 4).map(([key]) => `${key}?`), fields.length)})`;
  }
  if ('cls' in desc) {
    const made = FACTORIES[desc.cls] ?? [];
    const shown = made.slice(0, 3);
    const how = made.length > 3 ? `${shown.join(', ')}, ...` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0];
    return `${article(desc.cls)} ${desc.cls}${how ? ` (${how})` : ''}`;
  }
  // An interface that another package's classes implement (ISecret): that package makes one.
  if ('obj' in desc) return `a ${desc.obj} (an object of that package)`;
  return desc.any.map(expected).join(' or ');
}

/** `{ a, b, ... }`: the keys shown, and `...` when the object has more. */
function objectForm(keys: string[], count: number): string {
  return `{ ${[...keys, ...(count > keys.length ? ['...'] : [])].join(', ')} }`;
}

function article(name: string): string {
  return /^[AEIOU]/.test(name) ? 'an' : 'a';
}

function plural(text: string): string {
  return text.replace(/^an? /, '').replace(/^(string|number|object|function)\b/, '$1s').replace(/^true or false$/, 'booleans');
}

/** A value as the user wrote it, for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') {
    const shown = value.replace(/[\u0000-\u001f]/g, c => JSON.stringify(c).slice(1, -1));
    return `string '${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  if (name && name !== 'Object') return `${article(name)} ${name}`;
  // Its keys, not its values: these may be secrets (SecretSource.unsafePlaintext).
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.join(', ');
  return `a plain object { ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown} }`;
}

/** Whether `given` looks like a misspelling of `known`: a few edits away, ignoring case, or it with a prefix or suffix. */
function isNear(known: string, given: string): boolean {
  const [k, g] = [known.toLowerCase(), given.toLowerCase()];
  return distance(k, g) <= Math.max(1, Math.floor(k.length / 4)) || (k.length >= 3 && (g.startsWith(k) || g.endsWith(k)));
}

/** A key the type does not have: the near misses, else the keys it has (a long list is named by its type instead). */
function unknownKey(field: Field, key: string, type: string, known: string[]): string {
  const near = known.filter(k => isNear(k, key));
  const hint = near.length > 0 ? `; did you mean ${near.map(k => `'${k}'`).join(' or ')}?`
    : known.length > 8 ? `; not a prop of ${type}` : `; known: ${known.join(', ')}`;
  return `${field ? `${field}.` : ''}${key}: unknown property${hint}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `value` is an instance of a class named `name` (or of a subclass), whatever copy of its package made it. */
export function isInstanceOf(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === name) return true;
  }
  return false;
}

function isConstruct(value: unknown): value is IConstruct {
  return typeof value === 'object' && value !== null && typeof (value as IConstruct).node?.addValidation === 'function';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// Stand-ins for the classes of other packages that required arguments take.
registerStandIn('Duration', () => Duration.seconds(1));
registerStandIn('Size', () => Size.mebibytes(1));
