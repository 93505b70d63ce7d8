// docker-compose.yml is a trial setup: its mail server accepts every login, so the mail ports, the
// web pages (sign-in links go to those mailboxes) and /metrics are published on this machine's
// loopback only, never on every interface.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

interface Compose { services: Record<string, { ports?: (string | number)[] }> }

it('publishes every port of every service on 127.0.0.1 only', () => {
  const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as Compose;
  const published = Object.entries(compose.services).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${String(port)}`));
  expect(published.length).toBeGreaterThan(0);
  expect(published.filter((entry) => !/^\S+ 127\.0\.0\.1:\d+:\d+$/.test(entry))).toEqual([]);
});
