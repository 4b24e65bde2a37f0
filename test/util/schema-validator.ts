/**
 * Test helper: validates synthesized manifests against the upstream schemas in
 * `../shared/schemas` (KServe CRDs, a few third-party CRDs and the Kubernetes
 * 1.28 OpenAPI definitions), approximating what a strict apiserver
 * (`fieldValidation=Strict`) would accept.
 *
 * The upstream schemas are OpenAPI flavoured and use Kubernetes extensions
 * (`x-kubernetes-*`, `nullable`) that a plain JSON-Schema validator does not
 * understand, so every schema is rewritten by `transformSchema` before it is
 * handed to ajv.
 *
 * Not covered (on purpose):
 * - `x-kubernetes-validations` (CEL rules) are ignored; ajv cannot evaluate CEL.
 * - defaulting, list-type/map-type uniqueness (`x-kubernetes-list-type`) and
 *   admission webhooks.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { _ } from 'ajv';
import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { cacheRoot } from './scratch';

/** Every KServe release with CRDs in ../shared/schemas/kserve/ (the last patch of each minor). */
export type KServeSchemaVersion = 'v0.13.1' | 'v0.14.1' | 'v0.15.2' | 'v0.16.0' | 'v0.17.1' | 'v0.18.1' | 'v0.19.0' | 'v0.20.0';

/** The schema set of a `KServeVersion` (its `name`), so tests need not spell tags. */
export function schemaVersionOf(version: { readonly name: string }): KServeSchemaVersion {
  const name = version.name;
  if (!fs.existsSync(path.join(schemasDir(), 'kserve', name))) throw new Error(`schema-validator: no KServe schemas for ${name}`);
  return name as KServeSchemaVersion;
}

export interface ValidationIssue {
  /** `kind` of the offending object (or a placeholder when it has none). */
  readonly kind: string;
  /** `metadata.name` of the offending object (or a placeholder). */
  readonly name: string;
  /** Human readable description, including the JSON pointer of the problem. */
  readonly message: string;
}

export interface ValidateOptions {
  /** Which KServe CRD release to validate against. Default 'v0.20.0'. */
  readonly kserveVersion?: KServeSchemaVersion;
}

const DEFAULT_KSERVE_VERSION: KServeSchemaVersion = 'v0.20.0';

/** Non-KServe CRD sets; each is always used at its single vendored version. */
const OTHER_CRD_SETS: readonly string[] = [
  'prometheus-operator/v0.93.0',
  'cert-manager/v1.21.1',
  'external-secrets/v2.9.0',
  'gateway-api/v1.5.1',
  'keda/v2.18.0',
];

/**
 * The CRDs of other API groups a KServe release's install carries (../shared/schemas/kserve-bundled/<tag>/, see the
 * README there): only v0.20.0's are vendored (InferencePool and the llm-d CRDs), so they apply to v0.20.0 only.
 */
function bundledSets(kserveVersion: KServeSchemaVersion): string[] {
  return fs.existsSync(path.join(schemasDir(), 'kserve-bundled', kserveVersion)) ? [`kserve-bundled/${kserveVersion}`] : [];
}

const K8S_SET = 'kubernetes/v1.28.0';
/** `$id` under which the whole Kubernetes definitions document is registered. */
const K8S_ID = 'k8s';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Kubernetes resource.Quantity serialization (same regex the CRDs use). */
const QUANTITY_RE = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Schema = { [key: string]: unknown };

// ---------------------------------------------------------------------------
// Locating the schemas
// ---------------------------------------------------------------------------

let schemasDirCache: string | undefined;

/** `<repo root>/../shared/schemas`, where repo root is the dir holding package.json. */
function schemasDir(): string {
  if (schemasDirCache) return schemasDirCache;
  // Walk up instead of hard-coding '../..' so the helper survives being moved
  // or run from a compiled copy (e.g. lib/test/util).
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`schema-validator: no package.json above ${__dirname}`);
    dir = parent;
  }
  const result = path.resolve(dir, '..', 'shared', 'schemas');
  if (!fs.existsSync(result)) {
    throw new Error(`schema-validator: schema directory ${result} does not exist`);
  }
  schemasDirCache = result;
  return result;
}

// ---------------------------------------------------------------------------
// ajv instance (one per process: compiled validators are cached on it)
// ---------------------------------------------------------------------------

let ajvInstance: Ajv | undefined;
/** Formats ajv knows about; unknown ones are registered as no-ops on first sight. */
const knownFormats = new Set<string>();

function addFormat(ajv: Ajv, name: string, format: Parameters<Ajv['addFormat']>[1]): void {
  ajv.addFormat(name, format);
  knownFormats.add(name);
}

/**
 * Compiles a CRD `pattern` (Go RE2 syntax) as a JavaScript RegExp. RE2's leading inline flags such as
 * `(?i)` (used by prometheus-operator) are not JavaScript syntax: turn them into RegExp flags.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const inline = /^(\^?)\(\?([imsU]+)\)/.exec(pattern);
  if (!inline) return new RegExp(pattern, flags);
  const extra = inline[2].replace(/U/g, '').split('').filter(f => !flags.includes(f)).join('');
  return new RegExp(inline[1] + pattern.slice(inline[0].length), flags + extra);
}
/**
 * Module id under which cached standalone validators find this helper's run-time pieces (see
 * `loadStandalone`): `goRegExp` for CRD patterns and the ajv formats.
 */
const RUNTIME_ID = 'cdk8s-kserve-schema-validator/runtime';
goRegExp.code = `require(${JSON.stringify(RUNTIME_ID)}).goRegExp`;

function getAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv({
    strict: false, // the schemas are full of x-kubernetes-* and other unknown keywords
    allErrors: true, // report everything, not just the first problem
    // Go regexps (RE2) in CRD `pattern`s are not always valid with the 'u' flag.
    unicodeRegExp: false,
    // ajv's code optimizer roughly doubles the compile time of the huge
    // InferenceService schema (~2s -> ~5s) without making validation faster.
    // `source` keeps the generated code, for the on-disk cache of standalone validators (`compileCached`);
    // `formats` is how that code reaches the format implementations.
    code: { optimize: false, regExp: goRegExp, source: true, formats: _`require(${RUNTIME_ID}).formats` },
    // Shared subtrees (shareRepeatedSubtrees) must stay separate functions, or ajv would inline them
    // again at every use; only tiny definitions are worth inlining.
    inlineRefs: 8,
  });
  addFormats(ajv); // full mode: date-time, uri, email, int32, int64, byte, double, float, ...
  for (const name of ['date', 'time', 'date-time', 'duration', 'uri', 'uri-reference', 'url',
    'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid', 'byte', 'int32', 'int64', 'float',
    'double', 'password', 'binary']) {
    knownFormats.add(name);
  }
  // Formats of the Kubernetes OpenAPI (kube-openapi strfmt) that ajv-formats lacks.
  // Values are marked as ints/strings by `type`; the format itself adds nothing.
  addFormat(ajv, 'int-or-string', true);
  addFormat(ajv, 'quantity', { type: 'string', validate: QUANTITY_RE });
  for (const name of ['cidr', 'mac', 'uuid3', 'uuid4', 'uuid5', 'bsonobjectid', 'isbn', 'isbn10',
    'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'datetime']) {
    addFormat(ajv, name, true);
  }
  ajvInstance = ajv;
  return ajv;
}

// ---------------------------------------------------------------------------
// Schema transformation (Kubernetes extensions -> plain JSON Schema)
// ---------------------------------------------------------------------------

interface TransformOptions {
  /**
   * CRD schemas are "structural": a `type: object` node without properties,
   * additionalProperties or preserve-unknown-fields keeps no fields at all
   * (the apiserver prunes them / strict validation rejects them). In the
   * OpenAPI v2 Kubernetes definitions such a node means "free-form"
   * (RawExtension, FieldsV1), so this only applies to CRDs.
   */
  readonly structural: boolean;
  /** Rewrite `#/definitions/X` to `k8s#/definitions/X` (Kubernetes definitions). */
  readonly rewriteRefs: boolean;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `type` as a list (empty when absent). */
function typeList(schema: Schema): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * Recursively rewrites one schema node into a new object (the input is never
 * mutated, so the parsed CRDs can be reused). Only real schema positions are
 * descended into: `properties` is a map of names, and `default`/`enum`/`example`
 * hold data, not schemas.
 *
 * @param inCombinator true below allOf/anyOf/oneOf/not: those branches only add
 *   value validations on top of their parent, so they must not be closed.
 */
function transformSchema(node: Schema, opts: TransformOptions, inCombinator = false): Schema {
  const out: Schema = { ...node };
  const ajv = getAjv();

  // Descriptions make the compiled schemas huge and are useless here.
  delete out.description;

  if (opts.rewriteRefs && typeof out.$ref === 'string' && out.$ref.startsWith('#/definitions/')) {
    out.$ref = `${K8S_ID}${out.$ref}`;
  }

  // Unknown formats would make ajv warn or throw: register them as no-ops.
  if (typeof out.format === 'string' && !knownFormats.has(out.format)) {
    addFormat(ajv, out.format, true);
  }

  // --- children ------------------------------------------------------------
  if (isSchema(out.properties)) {
    const props: Schema = {};
    for (const [name, child] of Object.entries(out.properties)) {
      props[name] = isSchema(child) ? transformSchema(child, opts) : child;
    }
    out.properties = props;
  }
  if (isSchema(out.patternProperties)) {
    const props: Schema = {};
    for (const [name, child] of Object.entries(out.patternProperties)) {
      props[name] = isSchema(child) ? transformSchema(child, opts) : child;
    }
    out.patternProperties = props;
  }
  if (isSchema(out.additionalProperties)) {
    out.additionalProperties = transformSchema(out.additionalProperties, opts);
  }
  if (isSchema(out.items)) {
    out.items = transformSchema(out.items, opts);
  } else if (Array.isArray(out.items)) {
    out.items = out.items.map((s: unknown) => (isSchema(s) ? transformSchema(s, opts) : s));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (Array.isArray(list)) {
      out[key] = list.map((s: unknown) => (isSchema(s) ? transformSchema(s, opts, true) : s));
    }
  }
  if (isSchema(out.not)) out.not = transformSchema(out.not, opts, true);
  if (isSchema(out.definitions)) {
    const defs: Schema = {};
    for (const [name, child] of Object.entries(out.definitions)) {
      defs[name] = isSchema(child) ? transformSchema(child, opts) : child;
    }
    out.definitions = defs;
  }

  // --- x-kubernetes-int-or-string: integer or string, whatever `type` says ---
  if (out['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    // controller-gen also emits `anyOf: [{type: integer}, {type: string}]`;
    // it is now redundant and would only double the error messages.
    if (Array.isArray(out.anyOf) && out.anyOf.every((s: unknown) =>
      isSchema(s) && Object.keys(s).length === 1 && (s.type === 'integer' || s.type === 'string'))) {
      delete out.anyOf;
    }
  }

  const preserveUnknown = out['x-kubernetes-preserve-unknown-fields'] === true;

  // --- x-kubernetes-embedded-resource: a nested object with its own TypeMeta/ObjectMeta ---
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.type = 'object';
    const props: Schema = isSchema(out.properties) ? { ...out.properties } : {};
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { $ref: `${K8S_ID}#/definitions/${OBJECT_META}` };
    out.properties = props;
  }

  // --- strict unknown fields (what `kubectl apply --validate=strict` reports) ---
  if (!preserveUnknown && !inCombinator && out.additionalProperties === undefined) {
    const hasProps = isSchema(out.properties);
    const emptyStructuralObject = opts.structural && !hasProps && typeList(out).includes('object');
    if (hasProps || emptyStructuralObject) {
      out.additionalProperties = false;
    }
  }
  // preserve-unknown-fields with declared properties: extra keys are fine.
  // (ajv already allows them when additionalProperties is absent.)

  // --- nullable: true -> null is a legal value ---
  if (out.nullable === true) {
    const types = typeList(out);
    if (types.length > 0 && !types.includes('null')) out.type = [...types, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  // ajv has its own (stricter) `nullable` handling; we have already applied it.
  delete out.nullable;

  return out;
}

// ---------------------------------------------------------------------------
// Hash-consing: one definition per repeated subtree
// ---------------------------------------------------------------------------

/** Keys whose value is a map of name -> schema. */
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', 'definitions'] as const;
/** Keys whose value is one schema. */
const SCHEMA_KEYS = ['additionalProperties', 'not'] as const;
/** Keys whose value is a list of schemas. */
const SCHEMA_LIST_KEYS = ['allOf', 'anyOf', 'oneOf'] as const;
/** Where shared subtrees go in the root schema (a name no CRD uses). */
const SHARED_DEFS = 'x-cdk8s-kserve-shared';
/**
 * Only subtrees of at least this many schema nodes are shared: small ones are cheaper to compile inline
 * than to call through a `$ref`.
 */
const SHARE_MIN_NODES = 20;

/** Calls `fn` on every direct schema child of `node` and returns a copy with the results in their place. */
function mapSchemaChildren(node: Schema, fn: (child: Schema) => unknown): Schema {
  const out: Schema = { ...node };
  for (const key of SCHEMA_MAP_KEYS) {
    const map = out[key];
    if (!isSchema(map)) continue;
    const next: Schema = {};
    for (const [name, child] of Object.entries(map)) next[name] = isSchema(child) ? fn(child) : child;
    out[key] = next;
  }
  for (const key of SCHEMA_KEYS) {
    if (isSchema(out[key])) out[key] = fn(out[key] as Schema);
  }
  if (isSchema(out.items)) out.items = fn(out.items);
  else if (Array.isArray(out.items)) out.items = out.items.map((s: unknown) => (isSchema(s) ? fn(s) : s));
  for (const key of SCHEMA_LIST_KEYS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((s: unknown) => (isSchema(s) ? fn(s) : s));
  }
  return out;
}

/**
 * Replaces every large subtree that occurs more than once in `root` (the KServe CRDs inline the PodSpec and
 * Container schemas dozens of times) with a `$ref` to one shared copy, so ajv compiles each only once
 * (the v0.20.0 InferenceService: ~10 s -> ~1 s). The schema accepts and rejects exactly the same
 * documents, and ajv reports the same instance paths and messages (only `schemaPath`s change).
 * `root` must already be transformed (no `$ref`s relative to a subtree, which a move would break).
 */
export function shareRepeatedSubtrees(root: Schema): Schema {
  // 1. Intern every subtree bottom-up: equal subtrees get the same id, in linear time.
  const idOf = new Map<Schema, number>();
  const ids = new Map<string, number>();
  const sizes: number[] = [];
  const counts: number[] = [];
  const intern = (node: Schema): number => {
    let size = 1;
    const shallow = mapSchemaChildren(node, (child) => {
      const id = intern(child);
      size += sizes[id];
      return { '#': id };
    });
    const text = JSON.stringify(shallow);
    let id = ids.get(text);
    if (id === undefined) {
      id = sizes.length;
      ids.set(text, id);
      sizes.push(size);
      counts.push(0);
    }
    counts[id]++;
    idOf.set(node, id);
    return id;
  };
  intern(root);

  // 2. Rebuild top-down, turning shared subtrees into refs.
  const shared: Schema = {};
  const rebuild = (node: Schema, isRoot: boolean): Schema => {
    const id = idOf.get(node)!;
    if (!isRoot && counts[id] > 1 && sizes[id] >= SHARE_MIN_NODES) {
      const name = `s${id}`;
      if (!(name in shared)) {
        shared[name] = true; // placeholder: cycles are impossible in a tree, but keep the slot ordered
        shared[name] = rebuild(node, true);
      }
      return { $ref: `#/${SHARED_DEFS}/${name}` };
    }
    return mapSchemaChildren(node, (child) => rebuild(child, false));
  };
  const out = rebuild(root, true);
  if (Object.keys(shared).length > 0) out[SHARED_DEFS] = shared;
  return out;
}

// ---------------------------------------------------------------------------
// On-disk cache (parsed CRD files, standalone validators), shared by every jest worker and run
// ---------------------------------------------------------------------------

/**
 * Environment variable naming the cache folder; `off` disables the cache. Default: a folder in the test caches'
 * folder (test/util/scratch.ts; never the checkout).
 */
export const SCHEMA_CACHE_ENV = 'CDK8S_KSERVE_SCHEMA_CACHE';

/** What the cache did in this module instance (a fresh jest module registry starts at zero). */
export const schemaCacheStats = { validatorHits: 0, validatorMisses: 0, yamlHits: 0, yamlMisses: 0 };

function sha256(...parts: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}

let cacheSaltMemo: string | undefined;
/**
 * Part of every cache key: the versions of ajv, ajv-formats and yaml and the source of this helper
 * (transformation, options, formats, goRegExp), so that any change to them misses the cache.
 */
function cacheSalt(): string {
  if (cacheSaltMemo === undefined) {
    const versions = ['ajv', 'ajv-formats', 'yaml'].map((name) =>
      `${name}@${String(JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version)}`);
    cacheSaltMemo = sha256(...versions, fs.readFileSync(__filename, 'utf8'));
  }
  return cacheSaltMemo;
}

/** The cache folder, or undefined when the cache is off. */
export function schemaCacheDir(): string | undefined {
  const configured = process.env[SCHEMA_CACHE_ENV];
  if (configured === 'off') return undefined;
  if (configured) return configured;
  return path.join(cacheRoot(), 'schemas');
}

function readCache(name: string): string | undefined {
  const dir = schemaCacheDir();
  if (!dir) return undefined;
  try {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    // Used: kept by the pruning of unused entries (test/util/scratch.ts).
    const now = new Date();
    fs.utimesSync(path.join(dir, name), now, now);
    return text;
  } catch {
    return undefined;
  }
}

/**
 * Writes to a unique temporary name, then renames: a concurrent reader (another jest worker) sees either
 * no file or the whole file. Failures only cost the next run a recompile.
 */
function writeCache(name: string, text: string): void {
  const dir = schemaCacheDir();
  if (!dir) return;
  const tmp = path.join(dir, `.${name}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, path.join(dir, name));
  } catch {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
  }
}

/** Every document of a YAML file as JSON values, through the cache (parsing the KServe CRDs takes ~7 s). */
function yamlDocuments(file: string): unknown[] {
  const text = fs.readFileSync(file, 'utf8');
  const name = `yaml-${sha256(cacheSalt(), text)}.json`;
  const cached = readCache(name);
  if (cached !== undefined) {
    try {
      const docs: unknown = JSON.parse(cached);
      if (Array.isArray(docs)) {
        schemaCacheStats.yamlHits++;
        return docs;
      }
    } catch { /* a corrupt entry: parse again */ }
  }
  schemaCacheStats.yamlMisses++;
  const docs = parseAllDocuments(text).map((doc) => doc.toJS({ maxAliasCount: -1 }) as unknown);
  writeCache(name, JSON.stringify(docs));
  return docs;
}

/** What cached standalone validators `require(RUNTIME_ID)`. */
function runtimeModule(): { goRegExp: typeof goRegExp; formats: Ajv['formats'] } {
  return { goRegExp, formats: getAjv().formats };
}

/** Evaluates standalone validator code (a CommonJS module) with this helper's `require`. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  // The generated code requires ajv's run-time helpers (ajv/dist/runtime/*), resolved from here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const localRequire = (id: string): unknown => (id === RUNTIME_ID ? runtimeModule() : require(id));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', code)(localRequire, module, module.exports);
  const validate = module.exports;
  if (typeof validate !== 'function') throw new Error('schema-validator: cached validator exports no function');
  return validate as ValidateFunction;
}

/**
 * Compiles the schema `build()` returns (which may `$ref` the Kubernetes definitions) once per machine:
 * the standalone code of the validator is kept in the cache under a hash of `source` (the untransformed
 * schema, or whatever determines `build()`'s result besides this file), the Kubernetes definitions and
 * `cacheSalt()`; later runs and other jest workers load it instead of transforming and compiling.
 */
function compileCached(source: string, build: () => Schema): ValidateFunction {
  const name = `validator-${sha256(cacheSalt(), k8sRaw().hash, source)}.js`;
  const cached = readCache(name);
  if (cached !== undefined) {
    try {
      const validate = loadStandalone(cached);
      schemaCacheStats.validatorHits++;
      return validate;
    } catch { /* a corrupt entry: compile again */ }
  }
  schemaCacheStats.validatorMisses++;
  const schema = build();
  registerK8sDefinitions();
  const validate = getAjv().compile(schema);
  if (schemaCacheDir()) writeCache(name, standaloneCode(getAjv(), validate));
  return validate;
}

// ---------------------------------------------------------------------------
// Schema sets
// ---------------------------------------------------------------------------

/** One served version of a CRD, keyed by `apiVersion/kind`. */
interface CrdVersionEntry {
  readonly served: boolean;
  readonly schema: Schema;
}

const crdIndexCache = new Map<string, Map<string, CrdVersionEntry>>();

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Parses every CRD of one schema set (e.g. 'kserve/v0.20.0') once. */
function crdIndex(set: string): Map<string, CrdVersionEntry> {
  const cached = crdIndexCache.get(set);
  if (cached) return cached;
  const index = new Map<string, CrdVersionEntry>();
  const dir = path.join(schemasDir(), set);
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const crd of yamlDocuments(path.join(dir, file))) {
      if (!isSchema(crd) || crd.kind !== 'CustomResourceDefinition' || !isSchema(crd.spec)) continue;
      const spec = crd.spec;
      const names = isSchema(spec.names) ? spec.names : {};
      if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || !Array.isArray(spec.versions)) continue;
      for (const version of spec.versions) {
        if (!isSchema(version) || !isSchema(version.schema) || !isSchema(version.schema.openAPIV3Schema)) continue;
        index.set(gvkKey(`${spec.group}/${String(version.name)}`, names.kind), {
          served: version.served !== false,
          schema: version.schema.openAPIV3Schema,
        });
      }
    }
  }
  crdIndexCache.set(set, index);
  return index;
}

interface K8sDefinitions {
  /** `apiVersion/kind` -> definition name. */
  readonly byGvk: Map<string, string>;
}

let k8sRawCache: { definitions: Schema; hash: string } | undefined;

/** The Kubernetes definitions as vendored, with IntOrString and Quantity fixed, and a hash of the file. */
function k8sRaw(): { definitions: Schema; hash: string } {
  if (k8sRawCache) return k8sRawCache;
  const file = path.join(schemasDir(), K8S_SET, '_definitions.json');
  const text = fs.readFileSync(file, 'utf8');
  const raw: unknown = JSON.parse(text);
  if (!isSchema(raw) || !isSchema(raw.definitions)) throw new Error(`schema-validator: no definitions in ${file}`);

  const definitions: Schema = { ...raw.definitions };
  // Whatever upstream says (`type: string` + format, or a oneOf), these two
  // serialize as int|string and string|number respectively.
  definitions[INT_OR_STRING] = { type: ['integer', 'string'], format: 'int-or-string' };
  definitions[QUANTITY] = { type: ['string', 'number'], format: 'quantity' };
  k8sRawCache = { definitions, hash: sha256(text) };
  return k8sRawCache;
}

let k8sCache: K8sDefinitions | undefined;

/** Which definition describes each core `apiVersion/kind` (x-kubernetes-group-version-kind). */
function k8sDefinitions(): K8sDefinitions {
  if (k8sCache) return k8sCache;
  const byGvk = new Map<string, string>();
  for (const [name, def] of Object.entries(k8sRaw().definitions)) {
    if (!isSchema(def) || !Array.isArray(def['x-kubernetes-group-version-kind'])) continue;
    for (const gvk of def['x-kubernetes-group-version-kind']) {
      if (!isSchema(gvk)) continue;
      const apiVersion = gvk.group ? `${String(gvk.group)}/${String(gvk.version)}` : String(gvk.version);
      byGvk.set(gvkKey(apiVersion, String(gvk.kind)), name);
    }
  }
  k8sCache = { byGvk };
  return k8sCache;
}

let k8sRegistered = false;

/**
 * Transforms the Kubernetes definitions and registers the whole document with ajv under `$id: 'k8s'`
 * (CRD metadata refers to ObjectMeta in it too). Only needed to compile: cached validators carry the
 * definitions they use.
 */
function registerK8sDefinitions(): void {
  if (k8sRegistered) return;
  const doc = transformSchema({ $id: K8S_ID, definitions: k8sRaw().definitions }, { structural: false, rewriteRefs: true });
  getAjv().addSchema(doc as SchemaObject);
  k8sRegistered = true;
}

// ---------------------------------------------------------------------------
// Validator lookup + cache
// ---------------------------------------------------------------------------

const validatorCache = new Map<string, ValidateFunction>();

type Lookup = { validate: ValidateFunction } | { error: string };

function lookupValidator(apiVersion: string, kind: string, kserveVersion: KServeSchemaVersion): Lookup {
  const key = gvkKey(apiVersion, kind);

  // Core kinds first: the definitions load in ~0.1s, whereas the CRD sets take
  // ~1s of YAML parsing. Core and CRD API groups never overlap.
  const defName = k8sDefinitions().byGvk.get(key);
  if (defName) {
    const cacheKey = `${K8S_SET}|${key}`;
    let validate = validatorCache.get(cacheKey);
    if (!validate) {
      validate = compileCached(`k8s definition ${defName}`, () => ({ $ref: `${K8S_ID}#/definitions/${defName}` }));
      validatorCache.set(cacheKey, validate);
    }
    return { validate };
  }

  // Then the CRDs: the chosen KServe release, then the third-party sets.
  const sets = [`kserve/${kserveVersion}`, ...bundledSets(kserveVersion), ...OTHER_CRD_SETS];
  for (const set of sets) {
    const entry = crdIndex(set).get(key);
    if (!entry) continue;
    if (!entry.served) return { error: `${key} is not served by the CRD in ${set}` };
    const cacheKey = `${set}|${key}`;
    let validate = validatorCache.get(cacheKey);
    if (!validate) {
      validate = compileCached(`CRD ${JSON.stringify(entry.schema)}`, () => {
        const schema = transformSchema(entry.schema, { structural: true, rewriteRefs: false });
        const props: Schema = isSchema(schema.properties) ? { ...schema.properties } : {};
        // The apiserver handles TypeMeta/ObjectMeta itself, whatever the CRD says.
        props.apiVersion = { type: 'string' };
        props.kind = { type: 'string' };
        props.metadata = { $ref: `${K8S_ID}#/definitions/${OBJECT_META}` };
        schema.properties = props;
        schema.type = 'object';
        return shareRepeatedSubtrees(schema);
      });
      validatorCache.set(cacheKey, validate);
    }
    return { validate };
  }

  return {
    error: `unknown apiVersion/kind ${key} (not in ${sets.join(', ')} or ${K8S_SET})`,
  };
}

// ---------------------------------------------------------------------------
// Instance helpers
// ---------------------------------------------------------------------------

function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Deep copy without `null`-valued object fields (the apiserver drops those
 * for non-nullable fields before validating), recording where each null was:
 * cdk8s constructs should never emit null at all. Nulls inside arrays are
 * kept, so the schema reports them as well.
 */
function stripNulls(value: Json, pointer: string, nullPaths: string[]): Json {
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const p = `${pointer}/${i}`;
      if (item === null) nullPaths.push(p);
      return item === null ? null : stripNulls(item, p, nullPaths);
    });
  }
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const p = `${pointer}/${pointerSegment(key)}`;
      if (child === null) {
        nullPaths.push(p);
        continue;
      }
      out[key] = stripNulls(child, p, nullPaths);
    }
    return out;
  }
  return value;
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  let message = error.message ?? error.keyword;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    message = `unknown field "${String(params.additionalProperty)}" (${message})`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `${message}: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${message}`;
}

function identify(object: unknown): { kind: string; name: string } {
  const obj = isSchema(object) ? object : {};
  const metadata = isSchema(obj.metadata) ? obj.metadata : {};
  return {
    kind: typeof obj.kind === 'string' ? obj.kind : '<no kind>',
    name: typeof metadata.name === 'string' ? metadata.name : '<no name>',
  };
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Validates every object (as produced by cdk8s `Testing.synth(chart)` /
 * `chart.toJson()`) against the CRD schema of its apiVersion+kind for the given
 * KServe version (non-KServe CRDs: prometheus-operator, cert-manager,
 * external-secrets — always their single version), or against the Kubernetes
 * 1.28 definitions for core kinds (found via x-kubernetes-group-version-kind).
 * Unknown apiVersion/kind is itself an issue, and so is any `null` value.
 *
 * Schemas are compiled lazily and cached for the life of the process, and on disk across processes
 * and runs (see {@link SCHEMA_CACHE_ENV}).
 *
 * @returns the list of issues; empty means valid.
 */
export function validateObjects(objects: any[], options: ValidateOptions = {}): ValidationIssue[] {
  const kserveVersion = options.kserveVersion ?? DEFAULT_KSERVE_VERSION;
  const issues: ValidationIssue[] = [];

  objects.forEach((object: unknown, index) => {
    const { kind, name } = identify(object);
    const add = (message: string) => issues.push({ kind, name, message });

    if (!isSchema(object)) {
      add(`object #${index} is not a JSON object`);
      return;
    }

    const nullPaths: string[] = [];
    const cleaned = stripNulls(object as JsonObject, '', nullPaths);
    for (const p of nullPaths) add(`null value at ${p}`);

    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      add(`object #${index} has no apiVersion and/or kind`);
      return;
    }

    const found = lookupValidator(object.apiVersion, object.kind, kserveVersion);
    if ('error' in found) {
      add(found.error);
      return;
    }
    if (!found.validate(cleaned)) {
      // allErrors + anyOf can produce the same line more than once.
      const seen = new Set<string>();
      for (const error of found.validate.errors ?? []) {
        const message = formatError(error);
        if (seen.has(message)) continue;
        seen.add(message);
        add(message);
      }
    }
  });

  return issues;
}

/**
 * jest-friendly variant of {@link validateObjects}: throws an Error listing
 * every issue (`kind/name: message`) if there is any. Default kserveVersion
 * 'v0.20.0'.
 */
export function expectValidObjects(objects: any[], options: ValidateOptions = {}): void {
  const issues = validateObjects(objects, options);
  if (issues.length === 0) return;
  const version = options.kserveVersion ?? DEFAULT_KSERVE_VERSION;
  const lines = issues.map((i) => `  - ${i.kind}/${i.name}: ${i.message}`);
  throw new Error(`${issues.length} schema validation issue(s) (KServe ${version}):\n${lines.join('\n')}`);
}
