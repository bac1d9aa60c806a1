import { describe, expect, it } from 'vitest';
import { eventsUrl, parseDsn } from './dsn.js';

describe('parseDsn', () => {
  it('reads key, project and base URL', () => {
    const dsn = parseDsn('http://0123456789abcdef0123456789abcdef@localhost:8000/3');
    expect(dsn).toEqual({
      publicKey: '0123456789abcdef0123456789abcdef',
      projectId: '3',
      baseUrl: 'http://localhost:8000',
    });
    expect(eventsUrl(dsn!)).toBe('http://localhost:8000/api/3/events');
  });
  it('keeps a path prefix', () => {
    expect(parseDsn('https://k@errors.example.com/faultline/12')?.baseUrl).toBe(
      'https://errors.example.com/faultline',
    );
  });
  it('refuses a DSN without key or numeric project', () => {
    expect(parseDsn('http://localhost:8000/3')).toBeNull();
    expect(parseDsn('http://k@localhost/abc')).toBeNull();
    expect(parseDsn('not a url')).toBeNull();
  });
});
