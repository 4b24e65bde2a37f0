/**
 * Confidential model serving (`model.confidential`, KServe v0.20+): the model's files are encrypted in storage and
 * KServe's storage initializer decrypts them after the download, with a key it obtains from a Key Broker Service
 * through the Confidential Data Hub of a trusted execution environment. The pods must run in such an environment,
 * typically a Confidential Containers RuntimeClass given as the component's `runtimeClassName`.
 * @category Serving
 */
export interface ConfidentialModel {
  /**
   * The Key Broker Service resource holding the decryption key (`resourceId`), `kbs:///<repository>/<type>/<tag>`,
   * each part letters, digits, `.`, `-` or `_`.
   */
  readonly resourceId: string;
}
