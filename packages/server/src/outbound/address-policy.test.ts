import { describe, expect, it } from 'vitest';
import { AddressPolicy } from './address-policy.ts';

describe('AddressPolicy', () => {
  const strict = new AddressPolicy([]);

  it.each([
    ['127.0.0.1', 'loopback address'],
    ['127.255.0.9', 'loopback address'],
    ['::1', 'loopback address'],
    ['10.0.0.5', 'private address'],
    ['172.16.3.4', 'private address'],
    ['172.31.255.255', 'private address'],
    ['192.168.1.1', 'private address'],
    ['fd12:3456::1', 'private address'],
    ['169.254.169.254', 'cloud metadata address'],
    ['fd00:ec2::254', 'cloud metadata address'],
    ['100.100.100.200', 'cloud metadata address'],
    ['169.254.1.1', 'link-local address'],
    ['fe80::1', 'link-local address'],
    ['100.64.0.1', 'shared (CGNAT) address'],
    ['100.127.255.254', 'shared (CGNAT) address'],
    ['224.0.0.1', 'multicast address'],
    ['ff02::1', 'multicast address'],
    ['0.0.0.0', 'unspecified address'],
    ['::', 'unspecified address'],
    ['255.255.255.255', 'reserved address'],
    ['::ffff:127.0.0.1', 'loopback address'],
    ['::ffff:a00:5', 'private address'],
    ['::ffff:169.254.169.254', 'cloud metadata address'],
    ['::127.0.0.1', 'reserved address'],
    ['2002:7f00:1::', 'reserved address'],
  ])('refuses %s as a %s', (address, reason) => {
    expect(strict.check(address)).toEqual({ allowed: false, reason });
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(strict.check(address)).toEqual({ allowed: true });
    },
  );

  it('allows listed addresses, CIDRs and host names', () => {
    const policy = new AddressPolicy(['127.0.0.1', '[::1]', '10.0.0.0/8', ' Api.Internal ', 'fd00::/8']);
    expect(policy.check('127.0.0.1')).toEqual({ allowed: true });
    expect(policy.check('::ffff:127.0.0.1')).toEqual({ allowed: true });
    expect(policy.check('127.0.0.2').allowed).toBe(false);
    expect(policy.check('::1')).toEqual({ allowed: true });
    expect(policy.check('10.200.1.1')).toEqual({ allowed: true });
    expect(policy.check('fd00:ec2::254')).toEqual({ allowed: true });
    expect(policy.check('192.168.0.1').allowed).toBe(false);
    expect(policy.allowsHost('api.internal')).toBe(true);
    expect(policy.allowsHost('API.internal.')).toBe(true);
    expect(policy.allowsHost('other.internal')).toBe(false);
  });

  it('refuses metadata host names unless listed', () => {
    expect(strict.refusedName('metadata.google.internal')).toBe('cloud metadata address');
    expect(strict.refusedName('example.com')).toBeUndefined();
    expect(
      new AddressPolicy(['metadata.google.internal']).refusedName('metadata.google.internal'),
    ).toBeUndefined();
  });

  it('lists every malformed entry', () => {
    expect(() => new AddressPolicy(['10.0.0.0/33', 'bad host', '127.0.0.1', 'a/b'])).toThrow(
      'FLOWGATE_ALLOW_HOSTS: not a host name, IP address or CIDR: "10.0.0.0/33", "bad host", "a/b"',
    );
  });
});
