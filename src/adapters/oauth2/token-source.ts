// OAuth2 access tokens for the mailbox logins (IMAP and SMTP): from a token endpoint by the
// client credentials grant (Microsoft 365 app access) or a refresh token (Google), cached until
// shortly before they expire and fetched again at once after the server refused one. Tokens and
// secrets are never logged. I/O: HTTPS to the token endpoint; failures become RetryableError
// (endpoint away, 5xx) or PermanentError (the client or grant was refused: an operator must act).
// A provider that rotates refresh tokens (each refresh answers with a new one and may refuse the
// old) is followed: the newest is used from then on and, with a store, kept across restarts.
import { PermanentError, RetryableError } from '../../errors.ts';

export interface OAuth2Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Empty: the client credentials grant. */
  refreshToken: string;
  scope: string;
}

/** How long before expiry a cached token is replaced: a tenth of its life, at most a minute. */
export function refreshMargin(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

/** Where a rotated refresh token is kept across restarts (sealed; see ./refresh-token-store.ts). */
export interface RefreshTokenStore {
  /** The newest refresh token descended from the configured one, or null. */
  load(): Promise<string | null>;
  save(refreshToken: string): Promise<void>;
}

const REFUSALS = new Set(['invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'access_denied']);

export class OAuth2TokenSource {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;
  /** Tokens fetched from the endpoint so far (not cache hits). */
  fetched = 0;
  /** Refresh tokens the provider replaced so far. */
  rotated = 0;
  private refreshToken: string;
  private storeRead = false;

  constructor(private readonly settings: OAuth2Settings, private readonly now: () => number = Date.now, private readonly store?: RefreshTokenStore) {
    this.refreshToken = settings.refreshToken;
  }

  /** A token valid for a while yet: the cached one, or a new one. */
  async accessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.token;
    // Callers at the same moment share one request.
    this.pending ??= this.fetchToken().finally(() => { this.pending = null; });
    return this.pending;
  }

  /** Forget the cached token: the server refused it (revoked, or expired early). */
  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const s = this.settings;
    if (s.refreshToken && this.store && !this.storeRead) {
      this.refreshToken = (await this.store.load()) ?? this.refreshToken;
      this.storeRead = true;
    }
    const form = new URLSearchParams(this.refreshToken
      ? { grant_type: 'refresh_token', refresh_token: this.refreshToken, client_id: s.clientId }
      : { grant_type: 'client_credentials', client_id: s.clientId });
    if (s.clientSecret) form.set('client_secret', s.clientSecret);
    if (s.scope) form.set('scope', s.scope);
    const endpoint = new URL(s.tokenUrl).origin;
    let res: Response;
    try {
      res = await fetch(s.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2 token endpoint ${endpoint} did not answer`, { cause: err });
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown; error?: unknown; error_description?: unknown };
    if (!res.ok) {
      const error = typeof body.error === 'string' ? body.error : `http ${res.status}`;
      // RFC 6749 section 5.2: these mean the client or its grant is not (or no longer) accepted.
      if (REFUSALS.has(error) || res.status === 401) {
        const what = typeof body.error_description === 'string' ? `: ${body.error_description.split('\n')[0]!.slice(0, 200)}` : '';
        throw new PermanentError('OAUTH_CLIENT_REJECTED', `oauth2 token endpoint ${endpoint} refused client ${s.clientId} (${error}${what}); check the client, its secret or refresh token, and its permissions`);
      }
      throw new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2 token endpoint ${endpoint} answered ${error}`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) throw new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2 token endpoint ${endpoint} sent no access token`);
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 3600) * 1000;
    this.cached = { token: body.access_token, renewAt: this.now() + lifetimeMs - refreshMargin(lifetimeMs) };
    if (this.refreshToken && typeof body.refresh_token === 'string' && body.refresh_token !== '' && body.refresh_token !== this.refreshToken) {
      this.refreshToken = body.refresh_token;
      this.rotated += 1;
      // Kept before it is needed: a restart after this point must not offer the spent one.
      await this.store?.save(body.refresh_token);
    }
    this.fetched += 1;
    return body.access_token;
  }
}
