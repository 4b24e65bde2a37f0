/**
 * Where Kubernetes reads a terminated container's message from (`terminationMessagePolicy`, Kubernetes Container).
 * @category Serving
 */
export enum TerminationMessagePolicy {
  /** Only the file at `terminationMessagePath` (Kubernetes' default). */
  FILE = 'File',
  /** The file, else, when it is empty and the container failed, the end of its log (at most 2048 bytes or 80 lines). */
  FALLBACK_TO_LOGS_ON_ERROR = 'FallbackToLogsOnError',
}
