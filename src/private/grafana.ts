import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { emit } from './emit';
import { shown } from './shown';
import { DNS1123_SUBDOMAIN_NAME, namespaceErrors, validateLabels } from './validation';
import type { DashboardOptions } from '../monitoring/dashboard-options';
import { KServeMetric } from '../monitoring/metrics';

// Grafana's dashboard JSON model (grafana.com/docs: "JSON model"): what the dashboards here write. One home for its shape.

/** One query of a panel, with the catalog metrics it reads (tests and checks read them). */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
  readonly metrics: KServeMetric[];
}

/** A time-series panel. */
export interface Panel {
  readonly title: string;
  readonly description: string;
  /** Grafana's unit id: `reqps`, `s`, `ms`, `percentunit`, `short`. */
  readonly unit: string;
  readonly queries: PanelQuery[];
}

/** A Grafana uid: at most 40 characters, the readable stem when it fits, else a hash of it (Grafana's uid limit). */
export function dashboardUid(stem: string): string {
  const readable = stem.replace(/[^a-zA-Z0-9-_]/g, '-');
  return readable.length <= 40 ? readable : `kserve-${createHash('sha256').update(stem).digest('hex').slice(0, 33)}`;
}

/**
 * The dashboard JSON: a `datasource` variable of type prometheus (so it works with whichever Prometheus data source
 * Grafana has), the panels two per row, 12 wide and 8 high, in order.
 */
export function dashboardJson(title: string, uid: string, tags: string[], panels: Panel[]): string {
  const model = {
    title,
    uid,
    tags,
    editable: true,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: { list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' }] },
    panels: panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      description: panel.description,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.queries.map((q, j) => ({
        refId: String.fromCharCode(65 + j),
        datasource: { type: 'prometheus', uid: '${datasource}' },
        expr: q.expr,
        legendFormat: q.legend,
      })),
    })),
  };
  return `${JSON.stringify(model, undefined, 2)}\n`;
}

/** A PromQL regex alternation matching exactly these values. */
export function exactly(values: string[]): string {
  return [...new Set(values)].sort().map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|');
}

/** The kube-prometheus-stack Grafana sidecar's default label (values.yaml `sidecar.dashboards.label: grafana_dashboard`, `labelValue: "1"`). */
export const SIDECAR_LABEL: Record<string, string> = { grafana_dashboard: '1' };
/** The folder annotation a sidecar reads with `folderAnnotation: grafana_folder` (kube-prometheus-stack's documented example). */
export const FOLDER_ANNOTATION = 'grafana_folder';

// Names and namespaces are object names (Kubernetes core validation); the rest are our own rules: a sidecar label
// that selects nothing, a label overwritten by another, an empty folder name would each lose the dashboard.
/** Checks the ConfigMap's name, namespace, labels and folder. */
export function dashboardOptionsErrors(o: DashboardOptions): string[] {
  const errors: string[] = [];
  if (o.name !== undefined && !DNS1123_SUBDOMAIN_NAME.test(o.name)) {
    errors.push(`name ${shown(o.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
  }
  if (o.namespace !== undefined) errors.push(...namespaceErrors(o.namespace, 'namespace'));
  errors.push(...validateLabels(o.sidecarLabel, 'sidecarLabel'), ...validateLabels(o.labels, 'labels'));
  if (o.sidecarLabel !== undefined && Object.keys(o.sidecarLabel).length === 0) {
    errors.push('sidecarLabel: give the label the Grafana sidecar selects by; an empty one selects nothing');
  }
  // Our own rule: a label given twice with different values would be overwritten.
  for (const [key, value] of Object.entries(o.labels ?? {})) {
    const sidecar = (o.sidecarLabel ?? SIDECAR_LABEL)[key];
    if (sidecar !== undefined && sidecar !== value) errors.push(`labels['${key}'] ${shown(value)} conflicts with sidecarLabel's ${shown(sidecar)}`);
  }
  if (o.folder !== undefined && o.folder.trim() === '') errors.push('folder must not be empty');
  return errors;
}

/** Writes the dashboard as a ConfigMap with one `<file>.json` key. */
export function emitDashboard(scope: Construct, o: DashboardOptions, name: string, namespace: string | undefined, file: string,
  json: string): ApiObject {
  return emit(scope, 'Resource', k8s.KubeConfigMap, k8s.toJson_KubeConfigMapProps, {
    metadata: {
      name,
      namespace,
      labels: { ...(o.sidecarLabel ?? SIDECAR_LABEL), ...o.labels },
      annotations: o.folder !== undefined ? { [FOLDER_ANNOTATION]: o.folder } : undefined,
    },
    data: { [`${file}.json`]: json },
  });
}
