import { describe, expect, it } from 'vitest';
import { redactUrl, redisOptions } from '../../src/distributed/connection.js';
import { queueExecutor, startWorker } from '../../src/distributed/index.js';
import { redisUrl } from '../../src/cli/distributed.js';
import { InvalidOptionsError } from '../../src/index.js';
import { toyEvaluator } from '../search/doubles.js';

describe('Redis URLs', () => {
  it('read host, port, user, password, database and TLS', () => {
    expect(redisOptions('redis://127.0.0.1:6379')).toEqual({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    expect(redisOptions('rediss://ann:p%40ss@queue.lab:6380/3')).toEqual({
      host: 'queue.lab',
      port: 6380,
      username: 'ann',
      password: 'p@ss',
      db: 3,
      tls: { servername: 'queue.lab' },
      maxRetriesPerRequest: null,
    });
    expect(redisOptions('redis://:secret@[::1]')).toMatchObject({ host: '::1', port: 6379, password: 'secret' });
  });

  it('refuse what is not a Redis URL, naming the option and never printing the password', () => {
    for (const [url, why] of [
      ['http://127.0.0.1:6379', 'expected the scheme redis:// or rediss:// (TLS)'],
      ['127.0.0.1:6379', 'expected a redis:// or rediss:// URL'],
      ['localhost:6379', 'expected the scheme redis:// or rediss:// (TLS)'],
      ['redis://h/x', 'expected a database number'],
      ['redis://h?password=x', 'expected no query or fragment'],
      ['not a url', 'expected a redis:// or rediss:// URL'],
    ] as const) {
      expect(() => redisOptions(url, 'connection')).toThrow(why);
    }
    let message = '';
    try {
      redisOptions('redis://:hunter2@h/x', 'connection');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('redis://:***@h/x');
    expect(message).not.toContain('hunter2');
    expect(redactUrl('rediss://ann:hunter2@h:1/0')).toBe('rediss://ann:***@h:1/0');
  });

  it('take the password from MNAS_TS_REDIS_PASSWORD when the URL has none', () => {
    expect(redisUrl('redis://10.0.0.5:6379', { MNAS_TS_REDIS_PASSWORD: 'p@ss word' })).toBe('redis://:p%40ss%20word@10.0.0.5:6379');
    expect(redisUrl('redis://:own@10.0.0.5:6379', { MNAS_TS_REDIS_PASSWORD: 'other' })).toBe('redis://:own@10.0.0.5:6379');
    expect(redisUrl('redis://10.0.0.5', {})).toBe('redis://10.0.0.5');
  });
});

describe('queueExecutor and startWorker options', () => {
  it('refuse unknown and bad options before connecting, naming them', async () => {
    expect(() => queueExecutor({ conection: 'redis://h' } as never)).toThrow(
      /Invalid queueExecutor option at conection: expected a known key \(/,
    );
    expect(() => queueExecutor({ prefix: 'a:b' })).toThrow(/Invalid prefix: expected 1-64 letters/);
    expect(() => queueExecutor({ measureOn: '' })).toThrow(/Invalid measureOn/);
    expect(() => queueExecutor({ attempts: 0 })).toThrow(/attempts: expected an integer in \[1, 100\]/);
    expect(() => queueExecutor({ measureOn: 'p', measurer: { measure: async () => ({}) } as never })).toThrow(
      /not both a measurer and measureOn/,
    );
    await expect(startWorker({})).rejects.toThrow(/an evaluator, a measurer or both/);
    await expect(startWorker({ evaluator: toyEvaluator() as never, platform: 'p' })).rejects.toThrow(
      /platform: expected a measurer beside it/,
    );
    await expect(startWorker({ measurer: { measure: async () => ({}) } as never })).rejects.toThrow(/Invalid platform/);
    await expect(startWorker({ evaluator: toyEvaluator() as never, lockMs: 10 })).rejects.toThrow(InvalidOptionsError);
  });
});
