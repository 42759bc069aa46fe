import net from 'node:net';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

type Range = [network: string, prefix: number, family: 'ipv4' | 'ipv6'];

/**
 * Address ranges outbound HTTP may not reach unless allowed (DESIGN §5), most specific first so a
 * refusal names the best reason. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is checked against the IPv4
 * ranges by net.BlockList itself.
 */
const REFUSED_RANGES: readonly [reason: string, ranges: Range[]][] = [
  [
    'cloud metadata address',
    [
      ['169.254.169.254', 32, 'ipv4'],
      ['169.254.170.2', 32, 'ipv4'],
      ['100.100.100.200', 32, 'ipv4'],
      ['fd00:ec2::254', 128, 'ipv6'],
    ],
  ],
  [
    'unspecified address',
    [
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ],
  ],
  [
    'loopback address',
    [
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ],
  ],
  [
    'link-local address',
    [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  ],
  [
    'private address',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
      ['fec0::', 10, 'ipv6'],
    ],
  ],
  ['shared (CGNAT) address', [['100.64.0.0', 10, 'ipv4']]],
  [
    'multicast address',
    [
      ['224.0.0.0', 4, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ],
  ],
  [
    'reserved address',
    [
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      // IPv4-compatible (deprecated), discard, local NAT64, Teredo, 6to4 and documentation
      // prefixes: tunnels and translations could carry a request to an internal IPv4 address.
      ['::', 96, 'ipv6'],
      ['100::', 64, 'ipv6'],
      ['64:ff9b:1::', 48, 'ipv6'],
      ['2001::', 32, 'ipv6'],
      ['2002::', 16, 'ipv6'],
      ['2001:db8::', 32, 'ipv6'],
    ],
  ],
];

const REFUSED: readonly [string, net.BlockList][] = REFUSED_RANGES.map(([reason, ranges]) => {
  const list = new net.BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return [reason, list];
});

/** Names that reach a cloud's instance metadata service from inside it. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data']);

/**
 * Which hosts and addresses outbound requests may reach. Public addresses always; refused ranges
 * only when the host name, the address or a CIDR containing it is in the allow list
 * (`FLOWGATE_ALLOW_HOSTS`, e.g. `127.0.0.1,::1,10.0.0.0/8,api.internal`).
 */
export class AddressPolicy {
  private readonly hosts = new Set<string>();
  private readonly addresses = new net.BlockList();

  constructor(allowHosts: readonly string[]) {
    const invalid: string[] = [];
    for (const entry of allowHosts) {
      const item = entry
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1');
      if (item === '') continue;
      if (!this.addAllowed(item)) invalid.push(entry);
    }
    if (invalid.length > 0) {
      throw new Error(
        `FLOWGATE_ALLOW_HOSTS: not a host name, IP address or CIDR: ${invalid.map((item) => `"${item}"`).join(', ')}`,
      );
    }
  }

  /** The name itself is allowed: every address it resolves to may be reached. */
  allowsHost(hostname: string): boolean {
    return this.hosts.has(normaliseHost(hostname));
  }

  /** A host name refused whatever it resolves to (metadata services), or undefined. */
  refusedName(hostname: string): string | undefined {
    const host = normaliseHost(hostname);
    return METADATA_HOSTS.has(host) && !this.hosts.has(host) ? 'cloud metadata address' : undefined;
  }

  /** `address` is an IP address (v4 or v6, no brackets). */
  check(address: string): AddressVerdict {
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (this.addresses.check(address, family)) return { allowed: true };
    for (const [reason, list] of REFUSED) {
      if (list.check(address, family)) return { allowed: false, reason };
    }
    return { allowed: true };
  }

  private addAllowed(item: string): boolean {
    const [network, prefixText, extra] = item.split('/');
    const version = net.isIP(network ?? '');
    if (extra === undefined && version !== 0 && network !== undefined) {
      const family = version === 6 ? 'ipv6' : 'ipv4';
      if (prefixText === undefined) {
        this.addresses.addAddress(network, family);
        return true;
      }
      const prefix = Number(prefixText);
      if (!/^\d+$/.test(prefixText) || prefix > (version === 6 ? 128 : 32)) return false;
      this.addresses.addSubnet(network, prefix, family);
      return true;
    }
    if (prefixText !== undefined || !/^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?\.?$/.test(item)) return false;
    this.hosts.add(normaliseHost(item));
    return true;
  }
}

function normaliseHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}
