import * as path from 'path';

/** One object read from a manifest, with the file it came from and its position there (1-based). */
export interface ManifestObject {
  readonly file: string;
  readonly index: number;
  readonly value: Record<string, unknown>;
}

/** The part of the `yaml` package (v2) the converter uses. */
interface YamlParser {
  parseAllDocuments(text: string, options: { version: '1.1' }): ReadonlyArray<{
    readonly errors: ReadonlyArray<{ readonly message: string; readonly linePos?: ReadonlyArray<{ readonly line: number }> }>;
    toJSON(): unknown;
  }>;
}

let parser: YamlParser | undefined;

/**
 * The YAML parser cdk8s itself uses: cdk8s bundles `yaml` (its bundledDependencies) and parses with it in `Yaml.load`,
 * which only reads files and URLs, so the converter loads that bundled copy (resolved from cdk8s, a peer dependency)
 * and the library gains no dependency. Loaded on first use: nothing is required when the converter is not used.
 */
function yaml(): YamlParser {
  if (!parser) {
    const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parser = require(require.resolve('yaml', { paths: [cdk8sDir] })) as YamlParser;
  }
  return parser;
}

/**
 * The objects of a multi-document YAML text, in order; empty documents are skipped and a `kind: List` (what
 * `kubectl get -o yaml` prints) gives its items. YAML 1.1, as cdk8s's `Yaml.load` and kubectl's parser read it
 * (`yes`/`no` are booleans, `0775` is octal). Throws, naming the file and line, on a syntax error or a document
 * that is not a Kubernetes object.
 */
export function parseManifests(file: string, text: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  yaml().parseAllDocuments(text, { version: '1.1' }).forEach((document, i) => {
    // Our own rules: YAML the parser rejects, and documents that are not objects with apiVersion and kind, stop the conversion.
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new Error(`${file}${line !== undefined ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    // Through JSON: YAML 1.1 reads unquoted timestamps as Dates, which the API server and cdk8s see as strings.
    const value: unknown = jsonCopy(document.toJSON());
    if (value === null || value === undefined) return;
    const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (!isObject(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') {
        throw new Error(`${file}: document ${i + 1} is not a Kubernetes object (it needs apiVersion and kind)`);
      }
      objects.push({ file, index: i + 1, value: item });
    }
  });
  return objects;
}

/** A deep copy of a JSON value (a Date becomes its ISO string, undefined is left out). */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
