/**
 * Props built twice at once for the converter (issue #21): as the values the L2 construct takes (to build it in a
 * scratch app and compare what it writes with the input) and as the TypeScript that creates them. Values that are not
 * plain JSON (a `Cpu`, a `Size`, an enum member, a construct) carry their code, registered with `coded`.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Code, ConvertScope, arr, call, obj, raw, str } from './convert-code';
import { Toleration } from '../toleration';

const CODE = new WeakMap<object, Code>();

/** `value`, which `toCode` prints as `code`. */
export function coded<T extends object>(value: T, code: Code): T {
  CODE.set(value, code);
  return value;
}

/** The TypeScript of a props value: registered code, else a literal (undefined entries left out). */
export function toCode(value: unknown): Code {
  if (typeof value === 'object' && value !== null && CODE.has(value)) return CODE.get(value)!;
  if (Array.isArray(value)) return arr(value.map(toCode));
  if (typeof value === 'object' && value !== null) {
    return obj(Object.entries(value).map(([k, v]) => [k, v === undefined ? undefined : toCode(v)]));
  }
  if (typeof value === 'string') return str(value);
  return raw(String(value));
}

const CPU_MILLIS = /^(\d+)m$/;
const CPU_UNITS = /^\d+(\.\d+)?$/;
const BINARY = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const UNIT_BYTES: Record<string, number> = { '': 1, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3, 'Ti': 1024 ** 4, 'Pi': 1024 ** 5, 'Ei': 1024 ** 6 };
const SIZES: Array<[string, number, string]> = [['tebibytes', 1024 ** 4, 'Ti'], ['gibibytes', 1024 ** 3, 'Gi'], ['mebibytes', 1024 ** 2, 'Mi'], ['kibibytes', 1024, 'Ki']];

/** A quantity the library can write: its value, its code, and the text it writes (which may differ from the input's). */
export interface Quantity<T> {
  readonly value: T;
  readonly code: Code;
  readonly written: string;
}

/** `kplus.Cpu.millis(n)` / `Cpu.units(n)` when it writes the same amount back; undefined otherwise. */
export function cpuQuantity(input: unknown, scope: ConvertScope): Quantity<Cpu> | undefined {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string') return undefined;
  const millis = CPU_MILLIS.exec(text);
  if (millis && String(Number(millis[1])) === millis[1]) {
    const code = call(`${scope.kplus('Cpu')}.millis`, raw(millis[1]));
    return { value: coded(Cpu.millis(Number(millis[1])), code), code, written: text };
  }
  if (CPU_UNITS.test(text) && String(Number(text)) === text) {
    const code = call(`${scope.kplus('Cpu')}.units`, raw(text));
    return { value: coded(Cpu.units(Number(text)), code), code, written: text };
  }
  return undefined;
}

/**
 * A cdk8s `Size` in the largest binary unit that holds the quantity exactly, as the library writes it (sizeQuantity,
 * resources.ts); undefined for decimal units or sizes not in whole KiB.
 */
export function sizeQuantity(input: unknown, scope: ConvertScope): Quantity<Size> | undefined {
  const text = typeof input === 'number' ? String(input) : input;
  const match = typeof text === 'string' ? BINARY.exec(text) : null;
  if (!match) return undefined;
  const bytes = Number(match[1]) * UNIT_BYTES[match[2] ?? ''];
  const unit = SIZES.find(([, factor]) => bytes >= factor && bytes % factor === 0);
  if (!unit || !Number.isSafeInteger(bytes)) return undefined;
  const amount = bytes / unit[1];
  const code = call(`${scope.use('cdk8s', 'Size')}.${unit[0]}`, raw(String(amount)));
  const value = (Size as unknown as Record<string, (n: number) => Size>)[unit[0]](amount);
  return { value: coded(value, code), code, written: `${amount}${unit[2]}` };
}

/** `Duration.seconds(n)` for a whole number of seconds; undefined otherwise. */
export function secondsValue(input: unknown, scope: ConvertScope): Duration | undefined {
  if (!Number.isInteger(input)) return undefined;
  return coded(Duration.seconds(input as number), call(`${scope.use('cdk8s', 'Duration')}.seconds`, raw(String(input))));
}

const RESOURCES: Array<[string, 'cpu' | 'memory' | 'ephemeralStorage']> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeralStorage']];

/**
 * cdk8s-plus `ContainerResources` of a `resources` object, for the quantities the library writes (the others stay for
 * the JSON patches). `normalise` is told each quantity the library writes in another spelling (`1024Mi` → `1Gi`).
 */
export function resourcesValue(resources: unknown, scope: ConvertScope,
  normalise: (list: string, resource: string, written: string) => void): Record<string, unknown> | undefined {
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return undefined;
  const groups: Record<string, unknown> = {};
  for (const [resource, prop] of RESOURCES) {
    const bounds: Record<string, unknown> = {};
    for (const [bound, list] of [['request', 'requests'], ['limit', 'limits']]) {
      const quantities = (resources as Record<string, unknown>)[list];
      if (typeof quantities !== 'object' || quantities === null || (quantities as Record<string, unknown>)[resource] === undefined) continue;
      const input = (quantities as Record<string, unknown>)[resource];
      const quantity = resource === 'cpu' ? cpuQuantity(input, scope) : sizeQuantity(input, scope);
      if (!quantity) continue;
      bounds[bound] = quantity.value;
      if (quantity.written !== input) normalise(list, resource, quantity.written);
    }
    if (Object.keys(bounds).length > 0) groups[prop] = bounds;
  }
  return Object.keys(groups).length > 0 ? groups : undefined;
}

const TAINT_EFFECTS: Record<string, string> = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' };

/**
 * `Toleration.equal` / `Toleration.exists` for each toleration of the list, when every one is of a shape they write (an
 * explicit operator, a known effect, whole tolerationSeconds); undefined otherwise (the list stays for a JSON patch).
 */
export function tolerationsValue(tolerations: unknown, scope: ConvertScope): Toleration[] | undefined {
  if (!Array.isArray(tolerations) || tolerations.length === 0) return undefined;
  const values: Toleration[] = [];
  for (const t of tolerations) {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) return undefined;
    const { key, operator, value, effect, tolerationSeconds, ...rest } = t as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || (key !== undefined && typeof key !== 'string')) return undefined;
    if (effect !== undefined && (typeof effect !== 'string' || !TAINT_EFFECTS[effect])) return undefined;
    const evictAfter = tolerationSeconds === undefined ? undefined : secondsValue(tolerationSeconds, scope);
    if (tolerationSeconds !== undefined && !evictAfter) return undefined;
    const options: Record<string, unknown> = {};
    if (effect !== undefined) options.effect = effect;
    if (evictAfter) options.evictAfter = evictAfter;
    const optionsCode = obj([
      ['effect', effect === undefined ? undefined : raw(`${scope.kplus('TaintEffect')}.${TAINT_EFFECTS[effect as string]}`)],
      ['evictAfter', evictAfter && toCode(evictAfter)],
    ]);
    const factory = scope.use('kserve', 'Toleration');
    const hasOptions = Object.keys(options).length > 0;
    if (operator === 'Equal' && typeof key === 'string' && typeof value === 'string') {
      values.push(coded(Toleration.equal(key, value, options), call(`${factory}.equal`, str(key), str(value), hasOptions ? optionsCode : undefined)));
    } else if (operator === 'Exists' && value === undefined) {
      const keyCode = key === undefined ? (hasOptions ? raw('undefined') : undefined) : str(key as string);
      values.push(coded(Toleration.exists(key as string | undefined, options), call(`${factory}.exists`, keyCode, hasOptions ? optionsCode : undefined)));
    } else {
      return undefined;
    }
  }
  return values;
}
