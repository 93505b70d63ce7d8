// A real OpenID Connect provider for the tests (oidc-provider) on a loopback port: issues access
// tokens by client credentials, with a short lifetime when asked, and answers token
// introspection (RFC 7662) for the mail servers that check them. Its state lives in memory, so
// restarting it without a client revokes that client and every token it held. I/O: a port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { freePort } from '../../src/devmail/dovecot.ts';

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** The mailbox login a token of this client stands for (the `username` claim mail servers read). */
  username: string;
}

export interface TestOidc {
  port: number;
  issuer: string;
  tokenUrl: string;
  /** For mail servers: the introspecting client's credentials are in the URL (Dovecot's `post` mode). */
  introspectionUrl: string;
  /** Client id and secret the mail servers introspect with. */
  introspector: { clientId: string; clientSecret: string };
  /** Tokens issued so far (counted by the provider itself). */
  issued: number;
  /** Restarts on the same port with only these clients: the others are revoked, and all tokens forgotten. */
  restart(clients: TestClient[]): Promise<void>;
  /** Asks the provider whether a token is active (as a mail server would). */
  introspect(token: string): Promise<{ active: boolean; username?: string }>;
  stop(): Promise<void>;
}

const INTROSPECTOR = { clientId: 'mail-server', clientSecret: 'mail-server-secret-0123456789' };

export async function startTestOidc(options: { clients: TestClient[]; tokenTtlSeconds: number }): Promise<TestOidc> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let server: Server | null = null;
  const state = { issued: 0 };

  const start = async (clients: TestClient[]) => {
    const usernames = new Map(clients.map((c) => [c.clientId, c.username]));
    const provider = new Provider(issuer, {
      clients: [
        ...clients.map((c) => ({ client_id: c.clientId, client_secret: c.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' as const })),
        { client_id: INTROSPECTOR.clientId, client_secret: INTROSPECTOR.clientSecret, grant_types: [], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic' as const },
      ],
      features: { clientCredentials: { enabled: true }, introspection: { enabled: true }, devInteractions: { enabled: false } },
      ttl: { ClientCredentials: options.tokenTtlSeconds },
      async extraTokenClaims(_ctx: unknown, token: { clientId?: string }) {
        const username = usernames.get(token.clientId ?? '');
        return username ? { username } : undefined;
      },
    });
    provider.on('client_credentials.saved', () => { state.issued += 1; });
    // oidc-provider warns on stderr about development keys; they are what a test wants.
    const callback = provider.callback();
    const { createServer } = await import('node:http');
    server = createServer(callback);
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
  };
  const stopServer = async () => {
    if (!server) return;
    const s = server;
    server = null;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start(options.clients);
  return {
    port,
    issuer,
    tokenUrl: `${issuer}/token`,
    introspectionUrl: `http://${INTROSPECTOR.clientId}:${INTROSPECTOR.clientSecret}@127.0.0.1:${port}/token/introspection`,
    introspector: INTROSPECTOR,
    get issued() { return state.issued; },
    async restart(clients) {
      await stopServer();
      await start(clients);
    },
    async introspect(token) {
      const res = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${INTROSPECTOR.clientId}:${INTROSPECTOR.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
      return (await res.json()) as { active: boolean; username?: string };
    },
    stop: stopServer,
  };
}

export type { AddressInfo };
