/*
 * Helm output (issue #18): whether the app is written as a Helm chart, where the chart's folders are, and the one
 * escaping rule for text Helm would otherwise evaluate.
 *
 * Helm renders every file under `templates/` with Go's text/template before parsing it as YAML, so any `{{` in a
 * manifest starts a template action: KServe's own placeholders (`{{.Name}}` in runtime arguments, the ingress
 * `domainTemplate`, the LLM presets' `{{ .GlobalConfig... }}`) and a user's text alike then fail `helm template` or
 * render as something else. Files under `crds/` are not templated (Helm installs them as written, before the
 * templates), nor is anything outside those two folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, ChartProps, IResolver, ResolutionContext, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * The construct context key of the app-wide switch: `true` writes the app as a Helm chart, `false` as plain YAML
 * even under `cdk8s synth --format helm`. Unset, the library detects the CLI's Helm format.
 */
const HELM_CONTEXT = 'cdk8s-kserve:helm';

/** The folders of the Helm chart an app writes into. */
export interface HelmLayout {
  /** The chart's `templates/` folder (rendered by Helm). */
  readonly templates: string;
  /** The chart's root folder (Chart.yaml, `crds/`). */
  readonly root: string;
  /** Where the app writes, relative to `templates` ('' when the app writes into it directly). */
  readonly subfolder: string;
}

const LAYOUTS = new WeakMap<IConstruct, HelmLayout | null>();

/**
 * The Helm chart the app of `scope` is written into, or undefined when it writes plain YAML. Read once per app (the
 * context cannot change once the app has children, constructs' own rule). Detection: `cdk8s synth --format helm`
 * writes `<output>/Chart.yaml` and then runs the app with `CDK8S_OUTDIR=<output>/templates` (cdk8s-cli
 * lib/cli/cmds/synth.js, createHelmScaffolding and synthApp); the app is in Helm mode when it writes inside that
 * folder.
 */
export function helmLayout(scope: IConstruct): HelmLayout | undefined {
  const root = scope.node.root;
  let layout = LAYOUTS.get(root);
  if (layout === undefined) {
    layout = findLayout(root) ?? null;
    LAYOUTS.set(root, layout);
  }
  return layout ?? undefined;
}

function findLayout(root: IConstruct): HelmLayout | undefined {
  const outdir = path.resolve(root instanceof App ? root.outdir : 'dist');
  const declared = root.node.tryGetContext(HELM_CONTEXT);
  const on = declared === true || declared === 'true';
  if (declared !== undefined && !on && declared !== false && declared !== 'false') {
    // Our own rule: a misspelt switch would silently leave the output unescaped (or escaped).
    throw new Error(`context '${HELM_CONTEXT}' must be true or false (got ${JSON.stringify(declared)})`);
  }
  if (declared !== undefined && !on) return undefined;
  const env = process.env.CDK8S_OUTDIR;
  const detected = env !== undefined && path.basename(env) === 'templates' && fs.existsSync(path.join(path.dirname(path.resolve(env)), 'Chart.yaml'))
    ? path.resolve(env) : undefined;
  if (detected !== undefined && isWithin(outdir, detected)) return layoutOf(detected, outdir);
  if (!on) return undefined;
  // Declared: the nearest `templates` folder the app writes in, else the output folder itself.
  let templates = outdir;
  while (path.basename(templates) !== 'templates' && path.dirname(templates) !== templates) templates = path.dirname(templates);
  return layoutOf(path.basename(templates) === 'templates' ? templates : outdir, outdir);
}

function layoutOf(templates: string, outdir: string): HelmLayout {
  return { templates, root: path.dirname(templates), subfolder: path.relative(templates, outdir) };
}

function isWithin(dir: string, parent: string): boolean {
  const rel = path.relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether `resolver` is the library's Helm escaping (src/private/emitted-object.ts renders it in its own pass). */
export function isHelmEscapeResolver(resolver: IResolver): boolean {
  return resolver instanceof HelmEscapeResolver;
}

/**
 * Text Helm prints as given: every `{{` becomes {{`{{`}}, a Go raw-string action that outputs `{{`, so Go's template
 * engine evaluates nothing else of the text (text/template: only the left delimiter opens an action; `}}` outside
 * one is plain text). A raw string is used rather than a quoted one because the YAML writer may double-quote the
 * whole value and escape the quotes inside it (`\"`), which Go would then read; a raw string passes those escapes
 * through for the YAML parser to undo, and `{{` itself holds nothing YAML escapes.
 */
export function escapeForHelm(text: string): string {
  return text.split('{{').join('{{`{{`}}');
}

/** Objects the library writes; escaped when their app is a Helm chart (registered by recordWrite). */
const LIBRARY_OBJECTS = new WeakSet<ApiObject>();
/** Constructs whose objects are escaped whatever the app's mode (`KServeInstall.helmCompatible`). */
const ALWAYS_ESCAPED = new WeakSet<IConstruct>();
const RESOLVING = new WeakSet<IConstruct>();
/** The CrdsFolderCharts (cdk8s's Chart answers `instanceof` for every chart, so subclasses are told apart here). */
const CRDS_FOLDER_CHARTS = new WeakSet<Chart>();

/** Whether the library wrote `object` (registered by escapeInHelmChart). */
export function isLibraryObject(object: ApiObject): boolean {
  return LIBRARY_OBJECTS.has(object);
}

/** Registers `object` as written by the library: in a Helm chart, its strings are escaped at synth (escapeForHelm). */
export function escapeInHelmChart(object: ApiObject): void {
  LIBRARY_OBJECTS.add(object);
  const app = object.node.root;
  if (app instanceof App && !RESOLVING.has(app)) {
    RESOLVING.add(app);
    app.resolvers.push(new HelmEscapeResolver());
  }
}

/** Escapes the library's objects under `scope` even when the app is not a Helm chart (the output is one by other means). */
export function alwaysEscapeWithin(scope: IConstruct): void {
  ALWAYS_ESCAPED.add(scope);
}

/** Whether the strings of `object` are escaped for Helm at synth (a library object of an app written as a Helm chart). */
export function escapesInHelm(object: ApiObject): boolean {
  if (!LIBRARY_OBJECTS.has(object)) return false;
  const layout = helmLayout(object);
  if (layout && CRDS_FOLDER_CHARTS.has(Chart.of(object))) return false;
  return layout !== undefined || object.node.scopes.some(s => ALWAYS_ESCAPED.has(s));
}

/**
 * Replaces each string holding `{{` of an escaped object by its escaped text, at synth: after the construct's own checks
 * (which see the text as given) and before JSON patches, which reach the YAML as written (an escape hatch may hold a
 * Helm expression on purpose). cdk8s resolves a replaced value again, so the value just produced is let through once.
 */
class HelmEscapeResolver implements IResolver {
  private produced?: { readonly obj: ApiObject; readonly key: string; readonly value: string };

  public resolve(context: ResolutionContext): void {
    const value = context.value;
    if (typeof value !== 'string' || !value.includes('{{')) return;
    // cdk8s resolves an object's metadata twice: in its own toJson() (keys from `name`, `labels`...), then again as
    // `metadata` of the object (lib/api-object.js, lib/metadata.js); escaped in the first pass, it is left alone.
    if (context.key[0] === 'metadata') return;
    const key = context.key.join('\0');
    const produced = this.produced;
    if (produced && produced.obj === context.obj && produced.key === key && produced.value === value) {
      this.produced = undefined;
      return;
    }
    if (!escapesInHelm(context.obj)) return;
    const escaped = escapeForHelm(value);
    this.produced = { obj: context.obj, key, value: escaped };
    context.replaceValue(escaped);
  }
}

/**
 * A chart of CRDs: in a Helm chart its objects go to the chart's `crds/` folder, which Helm installs first, waiting
 * until every CRD is Established, and never templates (helm.sh, "Custom Resource Definitions" best practices); its
 * file under `templates/` is left empty, which Helm skips. Elsewhere it is a plain chart.
 */
export class CrdsFolderChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps) {
    super(scope, id, props);
    CRDS_FOLDER_CHARTS.add(this);
  }

  public toJson(): any[] {
    const objects = super.toJson();
    const layout = helmLayout(this);
    if (!layout) return objects;
    const dir = path.join(layout.root, 'crds', layout.subfolder);
    fs.mkdirSync(dir, { recursive: true });
    Yaml.save(path.join(dir, `${this.node.path.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.yaml`), objects);
    return [];
  }
}

/**
 * The folder files of the app that are not manifests (runbooks, scripts) go to instead of `outdir`: in a Helm chart, an
 * `outdir` inside `templates/` (where Helm would render them as manifests) moves to `<chart>/<folder>/` at the same
 * relative place; anything else stays.
 */
export function nonManifestFolder(scope: IConstruct, outdir: string, folder: string): string {
  const layout = helmLayout(scope);
  if (!layout || !isWithin(path.resolve(outdir), layout.templates)) return outdir;
  return path.join(layout.root, folder, path.relative(layout.templates, path.resolve(outdir)));
}
