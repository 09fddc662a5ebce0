import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { checkAddresses, checkUrl, isPublicAddress } from '../../src/webhooks/outbound-policy.ts';

// The outbound policy on its own: every IPv6 form that embeds an IPv4 address is judged by the
// address it embeds (at registration, where the URL holds a literal, and at delivery, where DNS
// answers with one), and `localhost` names are loopback by definition.

const defaultPolicy = { allow: DEFAULTS.webhooks.allow, allowHttp: DEFAULTS.webhooks.allowHttp };

const PRIVATE_V4 = ['127.0.0.1', '10.0.0.1', '169.254.169.254', '192.168.1.1', '0.0.0.0', '100.64.0.1'];

/** Hex of an IPv4 address as two 16-bit groups: 127.0.0.1 → ['7f00', '1']. */
function groups(v4: string, xor = 0): [string, string] {
  const n = (v4.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) ^ xor) >>> 0;
  return [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
}

/** Every way we know to embed an IPv4 address in an IPv6 one. */
function embeddings(v4: string): [string, string][] {
  const [hi, lo] = groups(v4);
  const [xhi, xlo] = groups(v4, 0xffffffff);
  return [
    ['IPv4-mapped, dotted', `::ffff:${v4}`],
    ['IPv4-mapped, hex', `::ffff:${hi}:${lo}`],
    ['IPv4-compatible, dotted', `::${v4}`],
    ['IPv4-compatible, hex', `::${hi}:${lo}`],
    ['IPv4-translated (RFC 6145)', `::ffff:0:${v4}`],
    ['NAT64 64:ff9b::/96', `64:ff9b::${v4}`],
    ['NAT64 64:ff9b::/96, hex', `64:ff9b::${hi}:${lo}`],
    ['local-use NAT64 64:ff9b:1::/48', `64:ff9b:1::${hi}:${lo}`],
    ['6to4', `2002:${hi}:${lo}::1`],
    ['Teredo client (XOR-ed)', `2001:0:808:808:8000:f227:${xhi}:${xlo}`],
    ['Teredo server', `2001:0:${hi}:${lo}:8000:f227:f7f7:f7f7`],
    ['ISATAP', `2001:db9:1:2:0:5efe:${v4}`],
    ['ISATAP, global IID', `2606:4700:1:2:200:5efe:${hi}:${lo}`],
  ];
}

describe('addresses that embed IPv4', () => {
  test('each embedding of a non-public IPv4 is refused, in every notation', () => {
    const passed: string[] = [];
    for (const v4 of PRIVATE_V4) {
      for (const [form, v6] of embeddings(v4)) if (isPublicAddress(v6)) passed.push(`${form}: ${v6} (${v4})`);
    }
    assert.deepEqual(passed, []);
  });

  test('the same forms embedding a public IPv4 are judged by it (public)', () => {
    const refused: string[] = [];
    for (const [form, v6] of embeddings('8.8.8.8')) {
      // The local-use NAT64 prefix is refused whatever it embeds: its layout depends on the
      // operator's prefix length, and one of the layouts always reads as 0.x.x.x here.
      if (form.startsWith('local-use')) continue;
      if (!isPublicAddress(v6)) refused.push(`${form}: ${v6}`);
    }
    assert.deepEqual(refused, []);
  });

  test('plain IPv6 stays judged by its own range', () => {
    for (const a of ['::1', '::', 'fe80::1', 'fc00::1', 'ff02::1', '2001:db8::1', '::2']) assert.equal(isPublicAddress(a), false, a);
    for (const a of ['2606:4700:4700::1111', '2a00:1450:4001:82a::200e']) assert.equal(isPublicAddress(a), true, a);
  });

  test('registration: URLs with a literal embedding a private IPv4 are refused', () => {
    const accepted: string[] = [];
    for (const v4 of PRIVATE_V4) {
      for (const [form, v6] of embeddings(v4)) {
        const url = `https://[${v6}]/hook`;
        if (checkUrl(url, defaultPolicy).ok) accepted.push(`${form}: ${url}`);
      }
    }
    assert.deepEqual(accepted, []);
    assert.equal(checkUrl('https://[::127.0.0.1]:8443/x', defaultPolicy).ok, false);
    assert.equal(checkUrl('https://[::7f00:1]/x', defaultPolicy).ok, false);
    assert.equal(checkUrl('https://[64:ff9b::8.8.8.8]/x', defaultPolicy).ok, true);
  });

  test('delivery: a host name whose AAAA answer embeds a private IPv4 is refused', () => {
    const url = new URL('https://hooks.example.com/x');
    const accepted: string[] = [];
    for (const v4 of PRIVATE_V4) {
      for (const [form, v6] of embeddings(v4)) {
        if (checkAddresses(url, [v6], defaultPolicy).ok) accepted.push(`${form}: ${v6}`);
        if (checkAddresses(url, ['93.184.216.34', v6], defaultPolicy).ok) accepted.push(`${form} beside a public A: ${v6}`);
      }
    }
    assert.deepEqual(accepted, []);
    assert.equal(checkAddresses(url, ['64:ff9b::808:808', '2606:4700:4700::1111'], defaultPolicy).ok, true);
  });

  test('the allow-list matches the embedded address too', () => {
    const policy = { allow: ['127.0.0.0/8'], allowHttp: false };
    assert.equal(checkUrl('https://[::ffff:127.0.0.1]/x', policy).ok, true);
    assert.equal(checkUrl('https://[::127.0.0.1]/x', policy).ok, true);
    assert.equal(checkUrl('https://[::10.0.0.1]/x', policy).ok, false);
    assert.equal(checkAddresses(new URL('https://h.example/x'), ['64:ff9b::7f00:1'], policy).ok, true);
  });
});

describe('localhost', () => {
  const names = ['localhost', 'LOCALHOST', 'LocalHost', 'localhost.', 'api.localhost', 'a.b.LOCALHOST', 'x.localhost.'];

  test('is loopback by definition: refused at registration, whatever its case, a trailing dot or a subdomain', () => {
    const accepted = names.flatMap((name) =>
      [`https://${name}/hook`, `https://${name}:8443/hook`, `http://${name}/hook`].filter((url) => checkUrl(url, defaultPolicy).ok),
    );
    assert.deepEqual(accepted, []);
    const refusal = checkUrl('https://localhost/hook', defaultPolicy);
    assert.ok(!refusal.ok && /loopback/.test(refusal.reason), JSON.stringify(refusal));
  });

  test('names that merely contain the word are ordinary hosts', () => {
    for (const url of ['https://localhost.example.com/h', 'https://mylocalhost/h', 'https://localhostx/h', 'https://notlocalhost.com/h']) {
      assert.equal(checkUrl(url, defaultPolicy).ok, true, url);
    }
  });

  test('the operator allow-list may name it (with or without the trailing dot)', () => {
    assert.equal(checkUrl('https://localhost:8443/hook', { allow: ['localhost'], allowHttp: false }).ok, true);
    assert.equal(checkUrl('http://localhost./hook', { allow: ['localhost'], allowHttp: false }).ok, true);
    assert.equal(checkUrl('https://LOCALHOST/hook', { allow: ['LocalHost.'], allowHttp: false }).ok, true);
    assert.equal(checkUrl('https://app.localhost/hook', { allow: ['app.localhost'], allowHttp: false }).ok, true);
    // Naming one does not allow the others, nor does a CIDR stand for the name.
    assert.equal(checkUrl('https://other.localhost/hook', { allow: ['app.localhost'], allowHttp: false }).ok, false);
    assert.equal(checkUrl('https://localhost/hook', { allow: ['127.0.0.0/8'], allowHttp: false }).ok, false);
  });
});
