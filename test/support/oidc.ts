// A real OpenID Connect provider for the tests (oidc-provider) on a loopback port: issues access
// tokens by client credentials, and by the authorization code flow with a refresh token
// (offline_access; the login and consent are granted at once by its interaction routes, with
// PKCE), with a short lifetime when asked; answers token introspection (RFC 7662) for the mail
// servers that check them, and token revocation. Its state lives in memory, so restarting it
// without a client revokes that client and every token it held. I/O: a port.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { freePort } from '../../src/devmail/dovecot.ts';

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** The mailbox login a token of this client stands for (the `username` claim mail servers read). */
  username: string;
}

/** A client of the authorization code flow: the person it signs in is `username`. */
export interface TestCodeClient extends TestClient {
  redirectUri: string;
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
  /** Access tokens issued by the refresh token grant so far. */
  refreshed: number;
  /**
   * Drives the authorization code flow over HTTP as a browser would (login and consent granted
   * at once, PKCE S256, scope `openid offline_access`) and exchanges the code: the tokens.
   */
  authorize(client: TestCodeClient): Promise<{ accessToken: string; refreshToken: string }>;
  /** Revokes a token at the revocation endpoint (a refresh token takes its whole grant with it). */
  revoke(client: TestClient, token: string): Promise<void>;
  /** Restarts on the same port with only these clients: the others are revoked, and all tokens forgotten. */
  restart(clients: TestClient[]): Promise<void>;
  /** Asks the provider whether a token is active (as a mail server would). */
  introspect(token: string): Promise<{ active: boolean; username?: string }>;
  stop(): Promise<void>;
}

const INTROSPECTOR = { clientId: 'mail-server', clientSecret: 'mail-server-secret-0123456789' };

/** `rotateRefreshTokens`: like Microsoft's, each refresh answers with a new refresh token and the old one is spent (offering it again revokes the grant). */
export async function startTestOidc(options: { clients: TestClient[]; codeClients?: TestCodeClient[]; tokenTtlSeconds: number; rotateRefreshTokens?: boolean }): Promise<TestOidc> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let server: Server | null = null;
  const state = { issued: 0, refreshed: 0 };
  const codeClients = options.codeClients ?? [];

  const start = async (clients: TestClient[]) => {
    const usernames = new Map(clients.map((c) => [c.clientId, c.username]));
    const provider = new Provider(issuer, {
      clients: [
        ...clients.map((c) => ({ client_id: c.clientId, client_secret: c.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' as const })),
        ...codeClients.map((c) => ({ client_id: c.clientId, client_secret: c.clientSecret, grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [c.redirectUri], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' as const })),
        { client_id: INTROSPECTOR.clientId, client_secret: INTROSPECTOR.clientSecret, grant_types: [], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic' as const },
      ],
      features: { clientCredentials: { enabled: true }, introspection: { enabled: true }, revocation: { enabled: true }, devInteractions: { enabled: false } },
      ttl: { ClientCredentials: options.tokenTtlSeconds, AccessToken: options.tokenTtlSeconds, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600, AuthorizationCode: 60 },
      // The person signed in is the code client's mailbox user.
      async findAccount(_ctx: unknown, sub: string) {
        return { accountId: sub, async claims() { return { sub }; } };
      },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      // By default like Google's: the refresh token stays the same (deskmail keeps the one it was given).
      rotateRefreshToken: () => options.rotateRefreshTokens === true,
      async extraTokenClaims(_ctx: unknown, token: { clientId?: string; accountId?: string }) {
        const username = usernames.get(token.clientId ?? '') ?? token.accountId;
        return username ? { username } : undefined;
      },
    });
    provider.on('client_credentials.saved', () => { state.issued += 1; });
    provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
      if (ctx.oidc.params?.grant_type === 'refresh_token') state.refreshed += 1;
    });
    // The login and consent pages: whoever asks is signed in as the client's user and grants
    // every scope asked for, at once.
    const interaction = async (req: IncomingMessage, res: ServerResponse) => {
      const details = await provider.interactionDetails(req, res);
      const clientId = String(details.params.client_id);
      if (details.prompt.name === 'login') {
        const username = codeClients.find((c) => c.clientId === clientId)?.username ?? clientId;
        await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    };
    // oidc-provider warns on stderr about development keys; they are what a test wants.
    const callback = provider.callback();
    const { createServer } = await import('node:http');
    server = createServer((req, res) => {
      if (req.url?.startsWith('/interaction/')) {
        interaction(req, res).catch((err: Error) => { res.statusCode = 500; res.end(err.message); });
        return;
      }
      void callback(req, res);
    });
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
    get refreshed() { return state.refreshed; },
    async authorize(client) {
      const jar = new Map<string, string>();
      const keep = (res: Response) => {
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
      };
      const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const verifier = randomBytes(32).toString('base64url');
      const auth = new URL(`${issuer}/auth`);
      auth.search = new URLSearchParams({
        client_id: client.clientId, response_type: 'code', redirect_uri: client.redirectUri, scope: 'openid offline_access', prompt: 'consent',
        state: randomBytes(8).toString('hex'), code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
      }).toString();
      // Follow the redirects (auth -> login -> auth -> consent -> auth -> redirect_uri) by hand, keeping cookies.
      let url = auth.toString();
      for (let hop = 0; hop < 10; hop += 1) {
        if (url.startsWith(client.redirectUri)) break;
        const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
        keep(res);
        const location = res.headers.get('location');
        if (!location) throw new Error(`authorization stopped at ${new URL(url).pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
        url = new URL(location, url).toString();
      }
      const code = new URL(url).searchParams.get('code');
      if (!code) throw new Error(`no code in ${url}`);
      const res = await fetch(`${issuer}/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier, client_id: client.clientId, client_secret: client.clientSecret }),
      });
      const body = (await res.json()) as { access_token?: string; refresh_token?: string; error?: string };
      if (!body.refresh_token || !body.access_token) throw new Error(`token exchange gave no refresh token: ${JSON.stringify(body.error ?? Object.keys(body))}`);
      return { accessToken: body.access_token, refreshToken: body.refresh_token };
    },
    async revoke(client, token) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: client.clientId, client_secret: client.clientSecret }),
      });
      if (!res.ok) throw new Error(`revocation answered ${res.status}`);
    },
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

/**
 * An smtp-server `onAuth` for XOAUTH2 that accepts a login when the provider says its token is
 * active and issued for that username, and answers 401 otherwise, as a mail server would.
 */
export function authByIntrospection(oidc: TestOidc) {
  return (auth: { accessToken?: string; username?: string }, _session: unknown, callback: (err: Error | null | undefined, response?: { user?: unknown; data?: Record<string, string> }) => void): void => {
    oidc.introspect(auth.accessToken ?? '').then((info) => {
      if (info.active && info.username === auth.username) return callback(null, { user: auth.username });
      callback(null, { data: { status: '401', schemes: 'bearer' } });
    }, (err: Error) => callback(err));
  };
}

export type { AddressInfo };
