import { DnsOption } from 'cdk8s-plus-28';

/**
 * DNS settings merged into what the pod's `dnsPolicy` generates (`dnsConfig`); with `DnsPolicy.NONE` they are the
 * pod's whole DNS configuration. Kubernetes core validation (`validatePodDNSConfig`), in our words: at most 3
 * nameservers, each an IP address; at most 32 search domains of 2048 characters in all, each a DNS subdomain;
 * options need a name.
 * @category Serving
 */
export interface DnsConfig {
  /**
   * Nameserver IP addresses (at most 3).
   * @default - none beyond the policy's
   */
  readonly nameservers?: string[];

  /**
   * Search domains for host-name lookup (at most 32).
   * @default - none beyond the policy's
   */
  readonly searches?: string[];

  /**
   * Resolver options such as `{ name: 'ndots', value: '2' }` (cdk8s-plus `DnsOption`).
   * @default - none beyond the policy's
   */
  readonly options?: DnsOption[];
}
