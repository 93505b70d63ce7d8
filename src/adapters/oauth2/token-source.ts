// OAuth2 access tokens for the mailbox logins (IMAP and SMTP): from a token endpoint by the
// client credentials grant (Microsoft 365 app access) or a refresh token (Google), cached until
// shortly before they expire and fetched again at once after the server refused one. Tokens and
// secrets are never logged. I/O: HTTPS to the token endpoint; failures become RetryableError
// (endpoint away, 5xx) or PermanentError (the client or grant was refused: an operator must act).
// A provider that rotates refresh tokens (each refresh answers with a new one and may refuse the
// old) is followed: the newest is used from then on and, with a store, kept across restarts and
// shared by every process, which then refresh one at a time (see RefreshTokenStore).
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

/**
 * Where a rotated refresh token is kept across restarts and shared by every process that refreshes
 * from the same configured one (sealed; see ./refresh-token-store.ts).
 */
export interface RefreshTokenStore {
  /**
   * Runs `refresh` with the newest kept refresh token (null: none kept yet, or unreadable) while no
   * other process refreshes from the same configured token, and keeps the token it rotated to
   * before the next may start. Gives what `refresh` gave, and whether its new token was kept.
   * Throws what `refresh` threw, or a RetryableError when the turn could not be had.
   */
  refreshing<T extends { rotatedTo: string | null }>(refresh: (kept: string | null) => Promise<T>): Promise<{ answer: T; kept: boolean }>;
}

const REFUSALS = new Set(['invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'access_denied']);

interface TokenAnswer {
  accessToken: string;
  lifetimeMs: number;
  /** The refresh token offered. */
  offered: string;
  /** The new refresh token the provider answered with, when it rotated the offered one. */
  rotatedTo: string | null;
}

/** The refresh token offered was refused (RFC 6749 section 5.2: revoked, expired, or already spent). */
function isRefusedGrant(err: unknown): boolean {
  return (err as { oauthError?: string }).oauthError === 'invalid_grant';
}

export class OAuth2TokenSource {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;
  /** Tokens fetched from the endpoint so far (not cache hits). */
  fetched = 0;
  /** Refresh tokens the provider replaced so far. */
  rotated = 0;
  /** The newest refresh token this process knows of. */
  private refreshToken: string;
  /** The provider rotated to `refreshToken` and the store could not keep it: offer it, not the kept (spent) one. */
  private unkept = false;

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
    const answer = this.settings.refreshToken && this.store ? await this.refreshInTurn(this.store) : await this.requestToken(this.refreshToken);
    this.refreshToken = answer.rotatedTo ?? answer.offered;
    if (answer.rotatedTo) this.rotated += 1;
    this.cached = { token: answer.accessToken, renewAt: this.now() + answer.lifetimeMs - refreshMargin(answer.lifetimeMs) };
    this.fetched += 1;
    return answer.accessToken;
  }

  /**
   * Refreshes with the newest kept refresh token, in turn with the other processes that refresh
   * from the same one (every worker, and the web pages for sign-in mail): a rotating provider
   * refuses a token another process already spent, and may revoke the whole grant for it.
   */
  private async refreshInTurn(store: RefreshTokenStore): Promise<TokenAnswer> {
    const take = async (offer: (kept: string | null) => string): Promise<TokenAnswer> => {
      const { answer, kept } = await store.refreshing(async (newest) => this.requestToken(offer(newest)));
      this.unkept = answer.rotatedTo !== null && !kept;
      return answer;
    };
    let spent = '';
    try {
      return await take((kept) => {
        spent = this.unkept || kept === null ? this.refreshToken : kept;
        return spent;
      });
    } catch (err) {
      if (!isRefusedGrant(err)) throw err;
      // Once more if the store now holds another token: one rotated meanwhile by a process that
      // did not wait its turn (an older deskmail during an upgrade).
      return take((kept) => {
        if ((kept ?? this.refreshToken) === spent) throw err;
        return kept ?? this.refreshToken;
      });
    }
  }

  /** One request to the token endpoint: by the refresh token when there is one, else by client credentials. */
  private async requestToken(refreshToken: string): Promise<TokenAnswer> {
    const s = this.settings;
    const form = new URLSearchParams(refreshToken
      ? { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: s.clientId }
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
        throw Object.assign(new PermanentError('OAUTH_CLIENT_REJECTED', `oauth2 token endpoint ${endpoint} refused client ${s.clientId} (${error}${what}); check the client, its secret or refresh token, and its permissions`), { oauthError: error });
      }
      throw new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2 token endpoint ${endpoint} answered ${error}`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) throw new RetryableError('OAUTH_TOKEN_UNAVAILABLE', `oauth2 token endpoint ${endpoint} sent no access token`);
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 3600) * 1000;
    const rotatedTo = refreshToken && typeof body.refresh_token === 'string' && body.refresh_token !== '' && body.refresh_token !== refreshToken ? body.refresh_token : null;
    return { accessToken: body.access_token, lifetimeMs, offered: refreshToken, rotatedTo };
  }
}
