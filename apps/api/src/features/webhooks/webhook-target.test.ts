import { describe, expect, it } from 'vitest';
import { isBlockedAddress, webhookUrlProblem } from './webhook-target.ts';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::10.0.0.1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1%eth0', true],
    ['ff02::1', true],
    ['2001:db8::1', true],
    ['2606:4700:4700::1111', false],
    ['not an address', true],
  ])('%s → %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/X', null],
    ['http://hooks.example.com:8080/x', null],
    ['http://127.0.0.1/x', 'points at a private or local address'],
    ['http://2130706433/x', 'points at a private or local address'],
    ['http://0x7f.1/x', 'points at a private or local address'],
    ['http://[::1]:3000/x', 'points at a private or local address'],
    ['http://localhost:5432/x', 'points at a private or local address'],
    ['http://db.localhost/x', 'points at a private or local address'],
    ['http://intranet/x', 'points at a private or local address'],
    ['http://hooks.example:99999/x', 'is not a valid URL'],
    ['ftp://hooks.example.com/x', 'must start with http:// or https://'],
    ['https://user:pass@hooks.example.com/x', 'must not carry a user name or password'],
  ])('%s → %s', (url, problem) => {
    expect(webhookUrlProblem(url, false)).toBe(problem);
  });

  it('lets a private address through only when allowed, never a URL that is not one', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', true)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example:99999/x', true)).toBe('is not a valid URL');
  });
});
