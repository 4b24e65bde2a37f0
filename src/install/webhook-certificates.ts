import { guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { DNS1123_SUBDOMAIN_NAME } from '../private/validation';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * How the KServe webhook server gets its TLS certificate and how the API server learns to trust it.
 *
 * @example
 * // cert-manager issues the certificates of every webhook the install runs, from the organisation's ClusterIssuer.
 * new KServeInstall(app, 'kserve', {
 *   webhookCertificates: WebhookCertificates.certManagerIssuer('internal-ca', true),
 *   llmInferenceServiceController: true,
 * });
 * @category Install
 */
export class WebhookCertificates {
  /**
   * cert-manager issues a self-signed certificate and its CA injector writes the CA bundle into the
   * webhook configurations (`cert-manager.io/inject-ca-from`). Needs cert-manager in the cluster.
   *
   * @example
   * // The default: a self-signed Issuer in the control-plane namespace.
   * new KServeInstall(app, 'kserve', { webhookCertificates: WebhookCertificates.certManager() });
   */
  public static certManager(): WebhookCertificates {
    return new WebhookCertificates(true);
  }

  /**
   * cert-manager issues the certificate from an issuer you run (e.g. your internal CA).
   * @param issuerName the Issuer (in the control-plane namespace) or ClusterIssuer name, a DNS-1123 subdomain
   * @param clusterIssuer whether `issuerName` names a ClusterIssuer
   *
   * @example
   * // An Issuer `kserve-ca` you run in the control-plane namespace (for a ClusterIssuer: certManagerIssuer('internal-ca', true)).
   * new KServeInstall(app, 'kserve', { namespace: 'kserve', webhookCertificates: WebhookCertificates.certManagerIssuer('kserve-ca') });
   */
  public static certManagerIssuer(issuerName: string, clusterIssuer: boolean = false): WebhookCertificates {
    return new WebhookCertificates(true, issuerName, clusterIssuer);
  }

  /**
   * You provide the Secret `kserve-webhook-server-cert` (keys `tls.crt`, `tls.key`) yourself, and the
   * base64-encoded PEM of the CA that signed it (`base64 -w0 ca.crt`), which is written into the
   * webhook configurations. The certificate must be valid for `kserve-webhook-server-service.<namespace>.svc`.
   * With `llmInferenceServiceController`, also provide `llmisvc-webhook-server-cert` (for
   * `llmisvc-webhook-server-service.<namespace>.svc`; the bundle also goes on the LLM CRDs' conversion webhook), and with
   * `localModelController` `localmodel-webhook-server-cert` (for `localmodel-webhook-server-service.<namespace>.svc`),
   * signed by the same CA.
   *
   * @example
   * // ca.crt of your CA, which signed the Secret kserve-webhook-server-cert for kserve-webhook-server-service.kserve.svc.
   * const caCertificate = `-----BEGIN CERTIFICATE-----
   * MIIBVzCCAQmgAwIBAgIUcOZlApqqfG4TsDlyFSeicOmP/9cwBQYDK2VwMBkxFzAV
   * BgNVBAMMDm1sLXBsYXRmb3JtLWNhMB4XDTI2MTIwMTIzMzMyMloXDTM2MTEyODIz
   * MzMyMlowGTEXMBUGA1UEAwwObWwtcGxhdGZvcm0tY2EwKjAFBgMrZXADIQBwOQ2v
   * rAQ4hN99a1VYqhIPwwnWwOy4lgeoFIT0gA584qNjMGEwHQYDVR0OBBYEFLVxS7FG
   * NgnZhy6BA+kVWvI412gCMB8GA1UdIwQYMBaAFLVxS7FGNgnZhy6BA+kVWvI412gC
   * MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgIEMAUGAytlcANBAJ9l2lN8
   * YrsYV1PF3lyh4fpV/idw9vYtDsQVd78ifdrzl2/OFQjtU0Y8BZPKoHubzpw2GrY3
   * UFizJ0XkIbxb9AY=
   * -----END CERTIFICATE-----`;
   * new KServeInstall(app, 'kserve', {
   *   webhookCertificates: WebhookCertificates.fromCaBundle(btoa(caCertificate)), // base64, as `base64 -w0 ca.crt` gives it
   * });
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

  /**
   * Problems with the issuer name or CA bundle, for an install in `namespace`.
   * @internal
   */
  public _validate(namespace: string): string[] {
    const errors: string[] = [];
    // Kubernetes object names (core validation): an Issuer is named as a DNS-1123 subdomain. The CA bundle checks
    // below are our own safety rules (why in place).
    if (this.issuerName !== undefined && !DNS1123_SUBDOMAIN_NAME.test(this.issuerName)) {
      const issuer = this.clusterIssuer ? 'a ClusterIssuer' : `an Issuer in namespace '${namespace}'`;
      errors.push(`webhookCertificates.issuerName ${shown(this.issuerName)} must be the name of ${issuer} (a DNS-1123 subdomain); `
        + 'use WebhookCertificates.certManager() for a self-signed issuer');
    }
    if (this.caBundle !== undefined) {
      // The webhook configurations' caBundle is a []byte field: base64 in YAML (line breaks ignored), holding PEM
      // certificates. Anything else is admitted by the API server, then every webhook call fails TLS verification.
      const bundle = this.caBundle.replace(/[\r\n]/g, '');
      const excerpt = bundle.length > 24 ? `${bundle.slice(0, 24)}...` : bundle;
      if (bundle.includes('-----BEGIN')) {
        errors.push('webhookCertificates.caBundle is PEM text; give its base64 encoding (base64 -w0 ca.crt)');
      } else if (bundle.length === 0 || !BASE64.test(bundle)) {
        errors.push(`webhookCertificates.caBundle '${excerpt}' is not base64; give the base64-encoded PEM of the CA (base64 -w0 ca.crt)`);
      } else if (!PEM_CERTIFICATE.test(Buffer.from(bundle, 'base64').toString('latin1'))) {
        errors.push(`webhookCertificates.caBundle '${excerpt}' does not decode to a PEM certificate ('-----BEGIN CERTIFICATE-----' ... `
          + "'-----END CERTIFICATE-----'); give the base64-encoded PEM of the CA (base64 -w0 ca.crt)");
      }
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(WebhookCertificates);
