import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DestinationRefused, isPublicAddress, resolveDestination } from './network.js';

describe('isPublicAddress', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast and IPv6 ULA/mapped addresses', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '0.0.0.0',
      '169.254.169.254',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:8.8.8.8',
      '64:ff9b::a00:1',
      '2002:a00:1::',
      'not an address',
    ])
      assert.equal(isPublicAddress(address), false, address);
  });

  it('allows public unicast addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111'])
      assert.equal(isPublicAddress(address), true, address);
  });
});

describe('resolveDestination', () => {
  it('refuses a literal private address unless private networks are allowed', async () => {
    await assert.rejects(
      resolveDestination(new URL('http://127.0.0.1:9/x'), false),
      (err) => err instanceof DestinationRefused && err.reason === 'private_address',
    );
    await assert.rejects(resolveDestination(new URL('http://[::1]:9/x'), false), DestinationRefused);
    await assert.rejects(resolveDestination(new URL('http://[fd12::1]/x'), false), DestinationRefused);
    assert.deepEqual(await resolveDestination(new URL('http://127.0.0.1:9/x'), true), {
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('refuses names that resolve to loopback (localhost)', async () => {
    await assert.rejects(resolveDestination(new URL('http://localhost/x'), false), DestinationRefused);
  });
});
