/**
 * The library's objects render in one pass (src/private/emitted-object.ts, issue #19). These tests prove the result is
 * cdk8s's own `ApiObject.toJson()`, value for value and error for error, and pin the cdk8s internals the pass reads,
 * so that a cdk8s upgrade that changes them fails here rather than in the output.
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, IResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver, ResolutionContext, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { EmittedObject } from '../src/private/emitted-object';
import { alwaysEscapeWithin, escapeInHelmChart } from '../src/private/helm';

/** What rendering gives: the JSON, or the error's message. */
function outcome(render: () => unknown): unknown {
  try {
    return { json: render() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The stock render of the same object (cdk8s's own toJson). */
const stock = (object: ApiObject) => outcome(() => ApiObject.prototype.toJson.call(object));

/** A number-or-string wrapper, as the generated L1 classes have (IntOrString, Quantity). */
class Wrapper {
  constructor(public readonly value: unknown) {}
}

/** A class instance cdk8s cannot render. */
class Opaque {
  public readonly field = 1;
}

const leaf = fc.oneof(
  fc.string(),
  fc.constantFrom('{{ .Name }}', 'a {{b}} c', '}} {{', ''),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

/** Values of every kind cdk8s's resolve treats differently, nested. */
const value = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('b', 'a', '10', '2', 'value', 'resolve')), tie('value'), { maxKeys: 5 }),
    tie('value').map(v => Lazy.any({ produce: () => v })),
    tie('value').map(v => ({ resolve: () => v })),
    fc.oneof(fc.string(), fc.integer(), fc.boolean()).map(v => new Wrapper(v)),
    fc.constant(new Opaque()),
    fc.constant(Object.create(null)),
    fc.constant([]),
    fc.constant({}),
  ),
})).value;

/** Metadata of every shape cdk8s's metadata accepts (and some it does not). */
const metadata = fc.record({
  name: fc.option(fc.constantFrom('svc', 'a{{b}}'), { nil: undefined }),
  labels: fc.option(fc.dictionary(fc.constantFrom('app', 'tier', 'x'), fc.oneof(fc.string(), fc.constant('{{ .Release }}'))), { nil: undefined }),
  annotations: fc.option(fc.dictionary(fc.constantFrom('note', 'b', 'a'), fc.string()), { nil: undefined }),
  finalizers: fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }),
  extra: fc.option(value, { nil: undefined }),
}, { requiredKeys: [] });

type Meta = { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; extra?: unknown };

/** Builds both renders of one object in `chart`: the one-pass render and the stock one. */
function both(chart: Chart, id: string, meta: Meta, props: Record<string, unknown>, patches: JsonPatch[] = [], helm = false) {
  const { extra, ...given } = meta;
  const object = new EmittedObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: given, ...props });
  if (extra !== undefined) object.metadata.add('extra', extra);
  if (helm) escapeInHelmChart(object);
  object.addJsonPatch(...patches);
  return { fast: outcome(() => object.toJson()), stock: stock(object) };
}

describe('the one-pass render is cdk8s\'s toJson()', () => {
  test('on generated values, metadata and patches, sorted and unsorted', () => {
    for (const sort of [undefined, '1']) {
      const saved = process.env.CDK8S_DISABLE_SORT;
      if (sort) process.env.CDK8S_DISABLE_SORT = sort;
      try {
        const chart = Testing.chart();
        let i = 0;
        fc.assert(fc.property(metadata, fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }), fc.boolean(), (meta, data, patched) => {
          const patches = patched ? [JsonPatch.add('/data', { added: 'yes' }), JsonPatch.remove('/metadata/name')] : [];
          const { fast, stock: expected } = both(chart, `o${i++}`, meta, { data }, patches);
          expect(fast).toEqual(expected);
        }), { seed: 19, numRuns: 400 });
      } finally {
        if (sort) delete process.env.CDK8S_DISABLE_SORT;
        if (saved !== undefined) process.env.CDK8S_DISABLE_SORT = saved;
      }
    }
  });

  test('with the Helm escaping on: the same escaped text, and metadata escaped once', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'helm');
    alwaysEscapeWithin(chart);
    let i = 0;
    fc.assert(fc.property(metadata, fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }), (meta, data) => {
      const { fast, stock: expected } = both(chart, `o${i++}`, meta, { data }, [], true);
      expect(fast).toEqual(expected);
    }), { seed: 19, numRuns: 300 });

    const { fast } = both(chart, 'annotated', { annotations: { note: 'x{{y' } }, { data: { text: 'p{{q' } }, [], true);
    expect(fast).toEqual({ json: expect.objectContaining({ metadata: { annotations: { note: 'x{{`{{`}}y' }, name: expect.any(String) } }) });
    expect((fast as { json: { data: unknown } }).json.data).toEqual({ text: 'p{{`{{`}}q' });
  });

  test('the errors are cdk8s\'s, word for word', () => {
    const chart = Testing.chart();
    const cases: Array<Record<string, unknown>> = [
      { data: { bad: new Opaque() } },
      { data: { bad: Object.create(null) } },
      { data: [Lazy.any({ produce: () => new Opaque() })] },
    ];
    cases.forEach((props, i) => {
      const { fast, stock: expected } = both(chart, `bad${i}`, {}, props);
      expect(fast).toHaveProperty('error');
      expect(fast).toEqual(expected);
    });
    const { fast, stock: expected } = both(chart, 'badpatch', {}, { data: {} }, [JsonPatch.replace('/nothing/here', 1)]);
    expect(fast).toHaveProperty('error');
    expect(fast).toEqual(expected);
  });

  test('a `__proto__` key or a `resolve` function at the top renders the stock way, with the same result', () => {
    const chart = Testing.chart();
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "kept": "yes"}');
    for (const [id, props] of [['proto', { data: parsed }], ['token', { resolve: () => ({ data: { from: 'token' } }) }]] as const) {
      const { fast, stock: expected } = both(chart, id, {}, props as Record<string, unknown>);
      expect(fast).toEqual(expected);
    }
  });

  test('an app with its own resolver renders every object the stock way, through that resolver', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const app = new App({ resolvers: [new Upper()] });
    const chart = new Chart(app, 'c');
    const object = new EmittedObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'up:text' } });
    expect(object.toJson().data).toEqual({ a: 'TEXT' });
    expect(object.toJson()).toEqual(ApiObject.prototype.toJson.call(object));
  });
});

describe('the cdk8s internals the one-pass render reads (a cdk8s upgrade that changes them fails here)', () => {
  test('an app\'s built-in resolvers, in order', () => {
    expect(new App().resolvers.map(r => r.constructor)).toEqual([LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver]);
  });

  test('ApiObject keeps its props and patches in `props` and `patches`', () => {
    const object = new ApiObject(Testing.chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
    object.addJsonPatch(JsonPatch.add('/data/c', 'd'));
    const internals = object as unknown as { props: unknown; patches: unknown[] };
    expect(internals.props).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
    expect(internals.patches).toHaveLength(1);
  });

  test('the metadata keeps exactly the fields its toJson() reads', () => {
    const object = new ApiObject(Testing.chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n', labels: { a: 'b' } } });
    expect(Object.keys(object.metadata).sort()).toEqual(
      ['_additionalAttributes', 'annotations', 'apiObject', 'finalizers', 'labels', 'name', 'namespace', 'ownerReferences']);
  });
});
