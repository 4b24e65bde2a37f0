/*
 * Duplicate objects per output file (issue #16): two objects of one API group, kind, namespace and name that are
 * applied together leave only the last one (`kubectl apply` updates the object the first one created), so synth
 * fails and names both writers. One check per app, run lazily by the first construct cdk8s validates and reused by
 * the others (cdk8s validates the whole app again for every chart it writes); it is linear in the app's objects.
 *
 * What "together" means follows how cdk8s's App.synth splits the output (`yamlOutputType`, app.ts):
 * - FILE_PER_CHART (the default): one file per chart, holding the objects whose closest chart it is;
 * - FILE_PER_APP: one file for the whole app;
 * - FOLDER_PER_CHART_FILE_PER_RESOURCE: one folder per chart, one file per object named `<kind>.<name>`;
 * - FILE_PER_RESOURCE: one folder for the app, one file per object named `<kind>.<name>`.
 * With one file per object, two objects of one kind and name (whatever their group or namespace) share a file
 * name, and the later file replaces the earlier one: that is reported too.
 *
 * The user's own ApiObjects (cdk8s-plus constructs, `Include`s, L1s) take part: a ServiceAccount of the user's
 * named like the one `ModelStorageSecret` writes replaces it just the same, and the error on the library's construct
 * names the user's. Duplicates between two of the user's objects are not reported: cdk8s accepts them, and the
 * library has no construct of its own to report them on.
 *
 * Names and namespaces are read as given at construction; JSON patches (the escape hatch) are not applied. An
 * object without a namespace lands in the one `kubectl apply` targets, so it collides with others without one,
 * not with those naming `default`. Cluster-scoped kinds collide whatever namespace they were given.
 */
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { appConstructs } from './app-pass';
import { isClusterScopedKind } from './cluster-scoped';
import { escapeInHelmChart, isLibraryObject } from './helm';
import { AppRegistry } from './registry';

/**
 * One object in the output: written to a file, or created on the cluster from one that is (`via`). A class, not an
 * object literal with a getter: one is kept per object of the app, and a literal with an accessor is a dictionary-mode
 * object of several times the size (issue #19).
 */
class Entry {
  constructor(
    /** The construct whose path names the object's writer in messages. */
    private readonly writer: IConstruct,
    /** The library construct reporting on it; undefined for the user's own objects. */
    readonly owner: IConstruct | undefined,
    readonly chart: Chart,
    readonly group: string,
    readonly kind: string,
    readonly namespace: string | undefined,
    readonly name: string,
    /** For an object an operator creates from a written one: that object's kind (e.g. `ExternalSecret`). */
    readonly via?: string,
  ) {}

  /** How messages name its writer (built only for a message). */
  get path(): string {
    return this.writer.node.path;
  }
}

/** The entry of `object`, written by `writer` (and reported on `owner`, for the library's objects). */
function entryOf(writer: IConstruct, owner: IConstruct | undefined, object: ApiObject): Entry {
  const clusterScoped = isClusterScopedKind(object.apiGroup, object.kind);
  return new Entry(writer, owner, Chart.of(object), object.apiGroup, object.kind, clusterScoped ? undefined : object.metadata.namespace, object.name);
}

const LIBRARY = new AppRegistry<Entry>();
const REPORTING = new WeakSet<IConstruct>();
const RESULTS = new WeakMap<IConstruct, { readonly entries: number; readonly errors: Map<IConstruct, string[]> }>();

/** Records that `owner` writes `object`; duplicates are reported on `owner` at synth. */
export function recordWrite(owner: IConstruct, object: ApiObject): void {
  // Every object the library writes is escaped for Helm when the app is a Helm chart (helm.ts).
  escapeInHelmChart(object);
  record(owner, entryOf(owner, owner, object));
}

/**
 * Records that an operator creates `kind` `name` in the namespace of `from`, which `owner` writes (the Secret an
 * ExternalSecret fills), so an object written beside it under that name is reported.
 */
export function recordCreatedFrom(owner: IConstruct, from: ApiObject, group: string, kind: string, name: string): void {
  const namespace = isClusterScopedKind(group, kind) ? undefined : from.metadata.namespace;
  record(owner, new Entry(owner, owner, Chart.of(from), group, kind, namespace, name, from.kind));
}

/**
 * Whether `a` and `b` are applied together (one file, or one folder of per-resource files), so that the duplicate
 * check reports them when they clash.
 */
export function inSameOutput(a: ApiObject, b: ApiObject): boolean {
  return unitOf(outputType(a.node.root), Chart.of(a)) === unitOf(outputType(b.node.root), Chart.of(b));
}

function record(owner: IConstruct, entry: Entry): void {
  LIBRARY.add(owner, entry);
  if (!REPORTING.has(owner)) {
    REPORTING.add(owner);
    owner.node.addValidation({ validate: () => duplicateErrors(owner) });
  }
}

/** The errors of `owner`, from the app's check (computed again only when objects were added since). */
function duplicateErrors(owner: IConstruct): string[] {
  const root = owner.node.root;
  const entries = LIBRARY.all(root).length;
  let result = RESULTS.get(root);
  if (result?.entries !== entries) {
    result = { entries, errors: findDuplicates(root) };
    RESULTS.set(root, result);
  }
  return result.errors.get(owner) ?? [];
}

function outputType(root: IConstruct): YamlOutputType {
  return root instanceof App ? root.yamlOutputType : YamlOutputType.FILE_PER_CHART;
}

/** What is applied together: the chart (its file or folder), or the whole app (undefined). */
function unitOf(type: YamlOutputType, chart: Chart): Chart | undefined {
  return type === YamlOutputType.FILE_PER_CHART || type === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE ? chart : undefined;
}

function findDuplicates(root: IConstruct): Map<IConstruct, string[]> {
  const type = outputType(root);
  const perResource = type === YamlOutputType.FILE_PER_RESOURCE || type === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
  const extension = root instanceof App ? root.outputFileExtension : '.k8s.yaml';
  const entries: Entry[] = [...LIBRARY.all(root)];
  for (const c of appConstructs(root)) {
    if (ApiObject.isApiObject(c) && !isLibraryObject(c)) {
      // A cdk8s-plus construct holds its object as the child 'Resource': name the construct the user made.
      const named = c.node.id === 'Resource' && c.node.scope ? c.node.scope : c;
      entries.push(entryOf(named, undefined, c));
    }
  }

  // Entries applied together (one unit) under one key: the object's identity and, with one file per object, its file.
  const groups = new Map<string, { readonly unit: Chart | undefined; readonly file?: string; readonly entries: Entry[] }>();
  const units = new Map<Chart | undefined, number>();
  const group = (unit: Chart | undefined, key: string, entry: Entry, file?: string) => {
    if (!units.has(unit)) units.set(unit, units.size);
    const id = `${units.get(unit)} ${key}`;
    const same = groups.get(id);
    if (same) same.entries.push(entry); else groups.set(id, { unit, file, entries: [entry] });
  };
  for (const entry of entries) {
    const unit = unitOf(type, entry.chart);
    group(unit, `object ${entry.group} ${entry.kind} ${entry.namespace ?? ''} ${entry.name}`, entry);
    if (perResource && !entry.via) {
      const file = fileName(entry, extension);
      group(unit, `file ${file}`, entry, file);
    }
  }

  // Our own safety rule (what kubectl apply and cdk8s's file naming do with such objects, above); one message per pair
  // of writers, listing the objects they share.
  const messages = new Map<IConstruct, Map<string, Message>>();
  const add = (owner: IConstruct, key: string, object: string, text: Message['text']) => {
    let ofOwner = messages.get(owner);
    if (!ofOwner) messages.set(owner, ofOwner = new Map());
    const message = ofOwner.get(key);
    if (message) message.objects.push(object); else ofOwner.set(key, { objects: [object], text });
  };
  for (const { unit, file, entries: same } of groups.values()) {
    if (same.length < 2) continue;
    for (const entry of same) {
      if (!entry.owner) continue;
      for (const other of same.filter(o => o !== entry)) {
        if (file !== undefined) {
          add(entry.owner, `file ${file} ${other.path}`, describe(entry), objects => `${objects} and ${describe(other)} of '${other.path}' are `
            + `both written to '${file}' ${filesWhere(type, unit)}: cdk8s names each file after the object's kind and name only, so the `
            + 'later file replaces the earlier one; give them different names');
        } else if (entry.via && other.via) {
          // Both created from written objects of the same name, which are reported themselves.
        } else if (entry.via || other.via) {
          add(entry.owner, `created ${other.path}`, describe(entry), objects => `${objects} is also `
            + `${other.via ? `created by the ${other.via} of` : 'written by'} '${other.path}' ${where(type, unit)}; the `
            + `${entry.via ?? other.via}'s controller and kubectl apply would overwrite each other's ${entry.kind}: give each its own name`);
        } else if (!perResource) {
          // With one file per object, the shared file name above says it already.
          add(entry.owner, `written ${other.path}`, describe(entry), (objects, count) => `${objects} ${count > 1 ? 'are' : 'is'} also `
            + `written by '${other.path}' ${where(type, unit)}; kubectl apply keeps only the last ${count > 1 ? 'of each' : 'one'}: `
            + 'give each its own name');
        }
      }
    }
  }
  const errors = new Map<IConstruct, string[]>();
  for (const [owner, ofOwner] of messages) errors.set(owner, [...ofOwner.values()].map(m => m.text(list(m.objects), m.objects.length)));
  return errors;
}

/** One error of an owner: the objects it names, and the sentence around their list. */
interface Message {
  readonly objects: string[];
  readonly text: (objects: string, count: number) => string;
}

/** `a`, `a and b`, `a, b and c`; past five, the first five and how many more. */
function list(items: string[]): string {
  const shown = items.length > 5 ? [...items.slice(0, 5), `${items.length - 5} more`] : items;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function describe(entry: Entry): string {
  const name = entry.namespace !== undefined ? `${entry.namespace}/${entry.name}` : entry.name;
  return `${entry.kind} '${name}'${entry.via ? ` (created by its ${entry.via})` : ''}`;
}

/** The file cdk8s writes an object to with one file per resource (App.synth, app.ts). */
function fileName(entry: Entry, extension: string): string {
  return `${entry.kind}.${entry.name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + extension;
}

function where(type: YamlOutputType, unit: Chart | undefined): string {
  if (type === YamlOutputType.FILE_PER_APP) return 'in the app\'s single file (YamlOutputType.FILE_PER_APP)';
  if (!unit) return 'in the app\'s output';
  return `in the ${type === YamlOutputType.FILE_PER_CHART ? 'file' : 'folder'} of chart '${unit.node.path}'`;
}

function filesWhere(type: YamlOutputType, unit: Chart | undefined): string {
  return type === YamlOutputType.FILE_PER_RESOURCE ? 'in the app\'s output folder (YamlOutputType.FILE_PER_RESOURCE)'
    : `in the folder of chart '${unit?.node.path}' (YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE)`;
}
