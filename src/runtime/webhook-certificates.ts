/**
 * How the KServe webhook server gets its TLS certificate and how the API server learns to trust it.
 */
export class WebhookCertificates {
  /**
   * cert-manager issues a self-signed certificate and its CA injector writes the CA bundle into the
   * webhook configurations (`cert-manager.io/inject-ca-from`). Needs cert-manager in the cluster.
   */
  public static certManager(): WebhookCertificates {
    return new WebhookCertificates(true);
  }

  /**
   * cert-manager issues the certificate from an issuer you run (e.g. your internal CA).
   * @param issuerName the Issuer (in the control-plane namespace) or ClusterIssuer name
   * @param clusterIssuer whether `issuerName` names a ClusterIssuer
   */
  public static certManagerIssuer(issuerName: string, clusterIssuer: boolean = false): WebhookCertificates {
    return new WebhookCertificates(true, issuerName, clusterIssuer);
  }

  /**
   * You provide the Secret `kserve-webhook-server-cert` (keys `tls.crt`, `tls.key`) yourself, and the
   * base64-encoded PEM of the CA that signed it, which is written into the webhook configurations.
   * The certificate must be valid for `kserve-webhook-server-service.<namespace>.svc`.
   */
  public static fromCaBundle(caBundle: string): WebhookCertificates {
    return new WebhookCertificates(false, undefined, false, caBundle);
  }

  private constructor(
    /** Whether cert-manager issues the certificate. */
    public readonly usesCertManager: boolean,
    /**
     * The issuer cert-manager uses.
     * @default - a self-signed Issuer created by the install
     */
    public readonly issuerName?: string,
    /** Whether `issuerName` is a ClusterIssuer. */
    public readonly clusterIssuer: boolean = false,
    /**
     * The CA bundle written into the webhook configurations.
     * @default - injected by cert-manager
     */
    public readonly caBundle?: string,
  ) {}
}
