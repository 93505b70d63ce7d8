// The shared mail domains file (config/shared-mail-domains.yaml): it loads, is checked with one
// clear error per problem, and `name.*` stands for the name under a top-level or a country's
// second-level domain, not under anyone's own domain.
import { describe, expect, it } from 'vitest';
import { checkSharedMailDomainsText, defaultSharedMailDomains, isSharedMailDomain } from '../../src/tickets/shared-mail-domains.ts';

const shared = defaultSharedMailDomains();

describe('the shared mail domains file', () => {
  it.each([
    'gmail.com', 'googlemail.com', 'outlook.com', 'outlook.de', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'live.com', 'live.nl', 'msn.com',
    'yahoo.com', 'yahoo.co.jp', 'yahoo.com.br', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com',
    'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'zoho.com', 'yandex.ru', 'yandex.com.tr', 'mail.ru', 'qq.com', '163.com', 'comcast.net',
    'GMail.COM', 'gmail.com.',
  ])('lists %s', (domain) => {
    expect(isSharedMailDomain(domain, shared)).toBe(true);
  });

  it.each(['example.test', 'utah.gov', 'live.acme.com', 'outlook.example.co.uk', 'mygmail.com', 'gmail.com.evil.example', 'gmx.example.org', 'mail.yahoo.acme.com'])(
    'leaves out %s, an organisation\'s own',
    (domain) => {
      expect(isSharedMailDomain(domain, shared)).toBe(false);
    },
  );

  it('reads groups, each with a sentence, exact domains and name.*', () => {
    const list = checkSharedMailDomainsText('version: 1\nwebmail:\n  means: Free webmail.\n  domains: [gmail.com, outlook.*]\n');
    expect([...list.exact]).toEqual(['gmail.com']);
    expect([...list.anyEnding]).toEqual(['outlook']);
  });

  it.each([
    ['a group without its sentence', 'version: 1\nwebmail:\n  domains: [gmail.com]\n', /webmail\.means/],
    ['an entry that is no domain', 'version: 1\nwebmail:\n  means: Free webmail.\n  domains: [Gmail]\n', /webmail\.domains\.0/],
    ['a wildcard anywhere but the end', 'version: 1\nwebmail:\n  means: Free webmail.\n  domains: ["*.gmail.com"]\n', /webmail\.domains\.0/],
    ['a domain listed twice', 'version: 1\na:\n  means: One.\n  domains: [gmail.com]\nb:\n  means: Two.\n  domains: [gmail.com]\n', /gmail\.com: listed more than once/],
    ['another version', 'version: 2\n', /version/],
  ])('refuses %s, naming it', (_what, text, problem) => {
    expect(() => checkSharedMailDomainsText(text, 'test.yaml')).toThrow(/test\.yaml/);
    expect(() => checkSharedMailDomainsText(text, 'test.yaml')).toThrow(problem);
  });
});
