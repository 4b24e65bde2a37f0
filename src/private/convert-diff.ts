/**
 * The converter's check of a typed conversion (issue #21): the L2 construct is built from the converted props in a
 * scratch app, its object is compared with the input, and every difference becomes a JSON patch on the construct, so the
 * app writes the input back whatever the L2 API expresses, adds or lacks.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ConvertScope, call, json, print, str } from './convert-code';
import { fieldOf, pointerSegment } from './convert-fields';
import { isObject } from './convert-yaml';

/** One JSON patch operation (RFC 6902) from what the L2 writes to the input. */
export interface Patch {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
  /** What the L2 writes there. */
  readonly written?: unknown;
}

/** Deep equality of JSON values (undefined entries count as absent). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter(k => a[k] !== undefined);
  return keys.length === Object.keys(b).filter(k => b[k] !== undefined).length && keys.every(k => equal(a[k], b[k]));
}

/**
 * The patches that turn `written` into `wanted`, each at the deepest place they differ: objects key by key, lists item by
 * item.
 */
export function jsonDiff(written: unknown, wanted: unknown, pointer: string = ''): Patch[] {
  if (equal(written, wanted)) return [];
  if (isObject(written) && isObject(wanted)) {
    const patches: Patch[] = [];
    for (const [key, value] of Object.entries(wanted)) {
      const at = `${pointer}/${pointerSegment(key)}`;
      if (written[key] === undefined) patches.push({ op: 'add', path: at, value });
      else patches.push(...jsonDiff(written[key], value, at));
    }
    for (const key of Object.keys(written).filter(k => written[k] !== undefined && wanted[k] === undefined)) {
      patches.push({ op: 'remove', path: `${pointer}/${pointerSegment(key)}`, written: written[key] });
    }
    return patches;
  }
  if (Array.isArray(written) && Array.isArray(wanted)) {
    const common = Math.min(written.length, wanted.length);
    // Extra items are added in order after the common ones; missing ones removed from the end, so no index shifts under a
    // later patch.
    return [
      ...wanted.slice(0, common).flatMap((value, i) => jsonDiff(written[i], value, `${pointer}/${i}`)),
      ...wanted.slice(common).map((value, i): Patch => ({ op: 'add', path: `${pointer}/${common + i}`, value })),
      ...written.slice(common).map((value, i): Patch => ({ op: 'remove', path: `${pointer}/${common + i}`, written: value })).reverse(),
    ];
  }
  return [{ op: 'replace', path: pointer, value: wanted, written }];
}

/** A copy of an input object without its nulls (cdk8s drops them: README "Adopting existing YAML", normalisation 6). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}

/** What building a construct in a scratch app gave: it and its object as written (patches applied), or the L2's errors. */
export type ScratchResult = { readonly construct: Construct; readonly object: Record<string, unknown> } | { readonly errors: string[] };

/**
 * A scratch app the converter builds constructs in (one chart per namespace), so the app it writes is known to synth:
 * constructs built in the same scratch app see each other as they will in the app (runtimes check their peers' priorities).
 */
export class Scratch {
  private readonly app = new App();
  private readonly charts = new Map<string, Chart>();

  /**
   * Builds one construct with `build` in the chart of `namespace` and returns its object as cdk8s writes it, or the
   * errors its own checks report (or its constructor throws).
   */
  public build(namespace: string | undefined, build: (chart: Chart) => Construct & { readonly apiObject: ApiObject }): ScratchResult {
    try {
      const construct = build(this.chart(namespace));
      const errors = construct.node.findAll().flatMap(c => c.node.validate());
      if (errors.length > 0) return { errors };
      return { construct, object: construct.apiObject.toJson() as Record<string, unknown> };
    } catch (e) {
      return { errors: [e instanceof Error ? e.message : String(e)] };
    }
  }

  /** The scratch chart of `namespace` (none: the chart without a namespace). */
  public chart(namespace: string | undefined): Chart {
    const key = namespace ?? '';
    let chart = this.charts.get(key);
    if (!chart) {
      chart = new Chart(this.app, `scratch-${this.charts.size}`, namespace !== undefined ? { namespace } : {});
      this.charts.set(key, chart);
    }
    return chart;
  }
}

/**
 * The statements that apply `patches` to `variable.apiObject`, each named in a note: what the L2 API does not express is
 * added or replaced as written; what it writes and the input has not is removed.
 */
export function patchStatements(variable: string, kind: string, patches: Patch[], scope: ConvertScope): string[] {
  return patches.map(patch => {
    const field = fieldOf(patch.path);
    if (patch.op === 'remove') {
      scope.note(`the L2 ${kind} writes ${JSON.stringify(patch.written)} here and the input has no such field: a JSON patch removes it, so the `
        + "object stays as written (delete the patch to take the library's default)", field);
    } else if (patch.op === 'replace' && patch.written !== undefined) {
      scope.note(`the L2 ${kind} writes ${JSON.stringify(patch.written)} here: the input's value is kept as written, by a JSON patch`, field);
    } else {
      scope.note(`not expressed with the L2 API by the converter; kept as written, as a JSON patch on the ${kind}`, field);
    }
    const args = patch.op === 'remove' ? [str(patch.path)] : [str(patch.path), json(patch.value)];
    const factory = `${scope.use('cdk8s', 'JsonPatch')}.${patch.op}`;
    return `${variable}.apiObject.addJsonPatch(${print(call(factory, ...args), '', 2 + variable.length + 25)});`;
  });
}
