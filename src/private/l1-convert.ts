/*
 * The generated L1 converters (`toJson_*` of imports/*.ts) as data, so that the L1 modules are never loaded at run
 * time (issue #19: cold `require`). scripts/gen-l1-runtime.ts reads every converter the library uses into a table;
 * `converters` interprets it with the same operations, in the same order, as the generated function: the same keys in
 * the same order, undefined values dropped at the same levels, arrays copied, wrappers unwrapped, maps filtered.
 * test/l1-runtime.test.ts compares the two on generated inputs.
 */

/**
 * A field of a converted type: its JSON key, its form (below), the type its values convert with (-1: none), and the
 * property it is read from when that differs from the JSON key (`hostIpc` for `hostIPC`).
 */
export type Field = readonly [json: string, form: number, type?: number, property?: string];

/** The field forms of a json2jsii converter (scripts/gen-l1-runtime.ts FORMS). */
const enum Form {
  /** `obj.p` */
  VALUE = 0,
  /** `toJson_T(obj.p)` */
  CONVERTED = 1,
  /** `obj.p?.map(y => toJson_T(y))` */
  ARRAY_CONVERTED = 2,
  /** `obj.p?.map(y => y)` */
  ARRAY_COPIED = 3,
  /** `obj.p?.value` */
  WRAPPED = 4,
  /** a map whose defined entries are kept */
  MAP = 5,
  /** a map of wrappers, unwrapped */
  MAP_WRAPPED = 6,
  /** a map of arrays, each converted */
  MAP_ARRAY_CONVERTED = 7,
  /** a map of arrays, each copied */
  MAP_ARRAY_COPIED = 8,
  /** a map of objects, each converted */
  MAP_CONVERTED = 9,
}

type Json = Record<string, unknown>;
type Converter = (obj: unknown) => Json | undefined;

/** A field, unpacked once. */
interface Slot { readonly json: string; readonly form: number; readonly ref: number; readonly property: string }

/** A type's fields in the converter's order, and the position of each by the property it is read from. */
interface Compiled { readonly slots: readonly Slot[]; readonly at: ReadonlyMap<string, number> }

/** The converter of each type of `table`, by index. */
export function converters(table: ReadonlyArray<readonly Field[]>): (type: number) => Converter {
  const compiled: Array<Compiled | undefined> = [];
  const compile = (type: number): Compiled => {
    const slots = table[type].map(([json, form, ref = -1, property = json]) => ({ json, form, ref, property }));
    const entry = { slots, at: new Map(slots.map((slot, i) => [slot.property, i])) };
    compiled[type] = entry;
    return entry;
  };

  const convert = (type: number, obj: unknown): Json | undefined => {
    if (obj === undefined) return undefined;
    const { slots, at } = compiled[type] ?? compile(type);
    const source = obj as Json;
    const result: Json = {};
    // The generated function reads every field. A plain object has no other readable properties than its own (the
    // table has no field named like an Object.prototype member; scripts/gen-l1-runtime.ts checks), so for one with
    // few keys, reading just those, in the fields' order, gives the same result.
    const proto = typeof source === 'object' && source !== null ? Object.getPrototypeOf(source) : undefined;
    if (proto === Object.prototype || proto === null) {
      const own = Object.getOwnPropertyNames(source);
      if (own.length * 2 < slots.length) {
        const positions: number[] = [];
        for (const key of own) {
          const i = at.get(key);
          if (i !== undefined) positions.push(i);
        }
        positions.sort((x, y) => x - y);
        for (const i of positions) put(result, slots[i], source);
        return result;
      }
    }
    for (const slot of slots) put(result, slot, source);
    return result;
  };

  const put = (result: Json, slot: Slot, source: Json) => {
    const out = fieldValue(slot.form, slot.ref, source[slot.property] as never);
    if (out !== undefined) result[slot.json] = out;
  };

  const fieldValue = (form: number, ref: number, value: never): unknown => {
    switch (form) {
      case Form.VALUE: return value;
      case Form.CONVERTED: return convert(ref, value);
      case Form.ARRAY_CONVERTED: return (value as unknown[] | undefined)?.map(y => convert(ref, y));
      case Form.ARRAY_COPIED: return (value as unknown[] | undefined)?.map(y => y);
      case Form.WRAPPED: return (value as { value: unknown } | undefined)?.value;
      default: return value === undefined ? undefined : mapped(form, ref, value);
    }
  };

  // json2jsii keeps a map entry whose value is defined, then converts it (a converted entry may be undefined).
  const mapped = (form: number, ref: number, value: object): Json => {
    const result: Json = {};
    for (const [key, entry] of Object.entries(value) as Array<[string, never]>) {
      if (entry === undefined) continue;
      switch (form) {
        case Form.MAP: result[key] = entry; break;
        case Form.MAP_WRAPPED: result[key] = (entry as { value: unknown } | undefined)?.value; break;
        case Form.MAP_ARRAY_CONVERTED: result[key] = (entry as unknown[] | undefined)?.map(y => convert(ref, y)); break;
        case Form.MAP_ARRAY_COPIED: result[key] = (entry as unknown[] | undefined)?.map(y => y); break;
        case Form.MAP_CONVERTED: result[key] = convert(ref, entry); break;
        // Our own invariant (not an input check): scripts/gen-l1-runtime.ts writes only the forms above.
        default: throw new Error(`unknown converter form ${form}`);
      }
    }
    return result;
  };

  return (type: number) => (obj: unknown) => convert(type, obj);
}

/** The `fromNumber` / `fromString` factories of a generated wrapper class (int-or-string, quantity): `{ value }`. */
export function wrapper(): { fromNumber(value: number): unknown; fromString(value: string): unknown } {
  return { fromNumber: value => ({ value }), fromString: value => ({ value }) };
}
