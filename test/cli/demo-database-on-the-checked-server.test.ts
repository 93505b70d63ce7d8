// Which database `npm start`'s demo uses: its own setting; else `deskmail_demo` on the server
// DATABASE_URL names, the one setup checked (a server elsewhere than 127.0.0.1:5432 left the demo
// with nothing to connect to); else on 127.0.0.1:5432.
import { expect, it } from 'vitest';
import { demoDatabaseUrl } from '../../src/cli/demo.ts';

it('takes DESKMAIL_DEMO_DATABASE_URL, else deskmail_demo on the DATABASE_URL server, else 127.0.0.1:5432', () => {
  expect(demoDatabaseUrl({ DESKMAIL_DEMO_DATABASE_URL: 'postgres://u@db.example.test:6000/mine_demo', DATABASE_URL: 'postgres://x@y:1/z' }))
    .toBe('postgres://u@db.example.test:6000/mine_demo');
  expect(demoDatabaseUrl({ DATABASE_URL: 'postgres://deskmail:s%40cret@10.0.0.5:5433/deskmail?sslmode=require' }))
    .toBe('postgres://deskmail:s%40cret@10.0.0.5:5433/deskmail_demo?sslmode=require');
  expect(demoDatabaseUrl({})).toBe('postgres://postgres@127.0.0.1:5432/deskmail_demo');
});
