import { describe, expect, it } from 'vitest';
import { messageTemplate } from './template.js';

describe('messageTemplate', () => {
  it.each([
    ['Unknown product 1002', 'Unknown product {int}'],
    ['Only 3 left of product 1002 (requested 4)', 'Only {int} left of product {int} (requested {int})'],
    ['Mailbox ada@example.com unavailable (550)', 'Mailbox {email} unavailable ({int})'],
    [
      'GET https://api.example.com/v1/items?page=2 failed with status 502',
      'GET {url} failed with status {int}',
    ],
    ['connection to 10.0.9.216:5432 timed out', 'connection to {ip}:{int} timed out'],
    ['order 3f2a1b9c-1234-4abc-9def-0123456789ab not found', 'order {uuid} not found'],
    ['commit deadbeef42 missing', 'commit {hex} missing'],
    ['pointer 0x7fff5fbff8c8', 'pointer {hex}'],
    ['batch from 2026-03-18T10:15:00Z failed', 'batch from {date} failed'],
    ["Lock 'ledger-sync:55' is not held by worker 19445", "Lock '{str}' is not held by worker {int}"],
    ['open /var/lib/shop/receipts/1.pdf', 'open {path}'],
    ['user usr_8XkQ2p banned', 'user {id} banned'],
  ])('%s', (message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });

  it('keeps property names in engine TypeErrors, which name the bug', () => {
    expect(messageTemplate("Cannot read properties of null (reading 'items')", 'TypeError')).toBe(
      "Cannot read properties of null (reading 'items')",
    );
    expect(messageTemplate("Cannot read properties of null (reading 'items')", 'TypeError')).not.toBe(
      messageTemplate("Cannot read properties of null (reading 'total')", 'TypeError'),
    );
  });

  it('treats quoted values of app errors as values', () => {
    expect(messageTemplate("Unknown currency 'EUR'", 'ValidationError')).toBe(
      messageTemplate("Unknown currency 'USD'", 'ValidationError'),
    );
    expect(messageTemplate(`Unexpected token '<', "<!DOCTYPE "... is not valid JSON`, 'SyntaxError')).toBe(
      messageTemplate(`Unexpected token 'G', "Gateway ti"... is not valid JSON`, 'SyntaxError'),
    );
  });

  it('keeps different sentences apart', () => {
    expect(messageTemplate('Order 5 exceeds the credit limit')).not.toBe(
      messageTemplate('Payment method for order 5 has expired'),
    );
  });
});
