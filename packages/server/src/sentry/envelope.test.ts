import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.js';
import { parseEnvelope } from './envelope.js';

const env = (...lines: string[]) => Buffer.from(lines.join('\n'));

describe('parseEnvelope', () => {
  it('reads items with and without length, attachments with newlines, and skips blank lines', () => {
    const attachment = 'line one\nline two';
    const e = parseEnvelope(
      env(
        '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://k@h/1"}',
        '{"type":"event"}',
        '{"message":"hi"}',
        `{"type":"attachment","length":${Buffer.byteLength(attachment)},"filename":"a.txt"}`,
        attachment,
        '{"type":"session","length":2}',
        '{}',
        '',
      ),
    );
    expect(e.header.dsn).toBe('https://k@h/1');
    expect(e.items.map((i) => [i.type, i.payload.toString()])).toEqual([
      ['event', '{"message":"hi"}'],
      ['attachment', attachment],
      ['session', '{}'],
    ]);
  });

  it('counts length in bytes, not characters', () => {
    const payload = '{"message":"héllo ✓"}';
    const e = parseEnvelope(env('{}', `{"type":"event","length":${Buffer.byteLength(payload)}}`, payload));
    expect(JSON.parse(e.items[0]!.payload.toString()).message).toBe('héllo ✓');
  });

  it.each([
    ['an empty body', ''],
    ['a header that is not JSON', 'nope'],
    ['a header that is an array', '[1]'],
    ['an item header that is not JSON', '{}\n{"type":'],
    ['an item without type', '{}\n{"length":2}\n{}'],
    ['a length past the end', '{}\n{"type":"event","length":500}\n{}'],
    ['a negative length', '{}\n{"type":"event","length":-1}\n{}'],
  ])('refuses %s with a 400', (_name, body) => {
    let error: unknown;
    try {
      parseEnvelope(Buffer.from(body));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toMatch(/malformed envelope/);
  });
});
