import { AUTOSCALER_CLASS_ANNOTATION, KNATIVE_CLASS_ANNOTATION } from '../autoscaling';
import { DEPLOYMENT_MODE_ANNOTATION } from '../deployment-mode';

/** Annotation turning on qpext metric aggregation. */
export const METRIC_AGGREGATION_ANNOTATION = 'serving.kserve.io/enable-metric-aggregation';
/** Annotation making KServe write `prometheus.io/*` scrape annotations on the pods. */
export const PROMETHEUS_SCRAPING_ANNOTATION = 'serving.kserve.io/enable-prometheus-scraping';

// Annotations the controller owns or that have a typed prop. Knative min/max-scale are overwritten from
// min/maxReplicas (`ServiceAnnotationDisallowedList`, pkg/constants/constants.go at both tags).
const MANAGED_ANNOTATIONS: Record<string, string> = {
  [DEPLOYMENT_MODE_ANNOTATION]: "use the 'deploymentMode' prop",
  [AUTOSCALER_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.cpu / keda / external / fixed)",
  [KNATIVE_CLASS_ANNOTATION]: "use the 'autoscaling' prop (Autoscaling.concurrency / rps / cpu / memory)",
  [METRIC_AGGREGATION_ANNOTATION]: "use the 'metrics' prop ({ aggregation: true })",
  [PROMETHEUS_SCRAPING_ANNOTATION]: "use the 'metrics' prop ({ prometheusScraping: true })",
  'autoscaling.knative.dev/metric': "KServe overwrites it from scaleMetric; use the 'autoscaling' prop",
  'autoscaling.knative.dev/target': "KServe overwrites it from scaleTarget; use the 'autoscaling' prop",
  'autoscaling.knative.dev/min-scale': "KServe overwrites it from minReplicas; set 'minReplicas'",
  'autoscaling.knative.dev/minScale': "KServe overwrites it from minReplicas; set 'minReplicas'",
  'autoscaling.knative.dev/max-scale': "KServe overwrites it from maxReplicas; set 'maxReplicas'",
  'autoscaling.knative.dev/maxScale': "KServe overwrites it from maxReplicas; set 'maxReplicas'",
};

/** Annotations (of the service or a component) that the library or the KServe controller manage. */
export function managedAnnotationErrors(annotations: Record<string, string> | undefined, field: string): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(annotations ?? {})) {
    if (MANAGED_ANNOTATIONS[key]) {
      errors.push(`${field}['${key}'] is managed by the library or KServe: ${MANAGED_ANNOTATIONS[key]}`);
    } else if (key.startsWith('internal.serving.kserve.io/')) {
      errors.push(`${field}['${key}'] is internal to the KServe controller and must not be set`);
    }
  }
  return errors;
}
