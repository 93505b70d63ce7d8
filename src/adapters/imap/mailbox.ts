// The help-desk mailbox over IMAP (imapflow): open, read new messages since a UID, wait for new
// mail through IDLE (with a polling fallback), and flag or move processed messages. Never
// deletes. I/O: the IMAP server; every failure becomes RetryableError or PermanentError, except
// the server's refusal of one message, or the connection cut while the server was sending it,
// which are reported in its place (RefusedFetch, CutFetch).
import { ImapFlow } from 'imapflow';
import { PermanentError, RetryableError } from '../../errors.ts';
import { type Logger, safeError } from '../../log.ts';
import type { OAuth2TokenSource } from '../oauth2/token-source.ts';
import { transportSecurity } from '../transport-security.ts';

export interface MailboxSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  /** With OAuth2: the login is SASL XOAUTH2/OAUTHBEARER with a token from here instead of the password. */
  tokens?: OAuth2TokenSource;
  tls: boolean;
  /** Continue without TLS when a non-loopback server offers no STARTTLS (IMAP_ALLOW_PLAINTEXT). */
  allowPlaintext?: boolean;
  mailbox: string;
  /** Messages larger than this (RFC822.SIZE, asked before any download) are fetched as headers only. */
  maxMessageBytes?: number;
  afterProcessing: 'flag' | 'move';
  processedMailbox: string;
  /**
   * While waiting for mail: 0 waits in IDLE (RFC 2177); above 0 sends NOOP this often instead,
   * which makes the server look at the mailbox and answer EXISTS at once (IMAP_CHECK_MS).
   */
  checkEveryMs?: number;
}

/**
 * `raw` is the whole message, or only its header block when `oversizedBytes` is set: the size the
 * server reported was over the limit, so the body was never downloaded.
 */
export interface FetchedMessage { kind: 'message'; uid: number; raw: Buffer; oversizedBytes?: number }

/**
 * A message the server would not give us: it answered the FETCH naming it with NO or BAD, ended
 * the session (BYE) in the middle of it (then the connection is closed: `usable` says so), or
 * answered OK without it. `answer` is the server's own text.
 */
export interface RefusedFetch { kind: 'refused'; uid: number; answer: string }

/**
 * The connection ended without a word from the server (closed, reset, or timed out) in the middle
 * of a FETCH, on a session that had logged in and selected the mailbox, while `uid` was being sent:
 * the first message the FETCH named that had not come whole, so its transfer had begun or its FETCH
 * was the command in flight. Dovecot does this, with no BYE, for a message file shorter than the
 * size it recorded for it. `error` is the failure as a lost connection, for the caller to raise
 * when it does not hold the message.
 */
export interface CutFetch { kind: 'cut'; uid: number; error: RetryableError }

/**
 * The connection ended the same way after every message the FETCH named had come whole (before
 * its final OK): no message is to blame, and `error` is the lost connection it is.
 */
export interface LostFetch { kind: 'lost'; error: RetryableError }

/** What the server says when it answers OK without a message it was asked for. */
export const ANSWERED_WITHOUT_MESSAGE = 'the server answered OK without the message';

/**
 * Response codes (RFC 5530) with which a server says it cannot serve anything just now, not that it
 * will not serve this message: a passing failure, like a lost connection.
 */
const PASSING_CODES = new Set(['UNAVAILABLE', 'INUSE', 'LIMIT']);

/**
 * The server's own answer when it refused a FETCH, or null when the command failed without a word
 * from it (the connection lost or timed out, a local error) or with a passing code. imapflow
 * reports a tagged NO or BAD with its status and text, and a BYE that ended the session in the
 * middle of the command as the connection gone with the BYE's text as `reason`. Pure.
 */
export function serverRefusal(err: unknown): string | null {
  const e = (err ?? {}) as { code?: string; responseStatus?: string; responseText?: string; serverResponseCode?: string; reason?: unknown };
  if (e.code === 'ETHROTTLE') return null;
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    if (e.serverResponseCode && PASSING_CODES.has(e.serverResponseCode.toUpperCase())) return null;
    return [e.responseStatus, e.serverResponseCode ? `[${e.serverResponseCode}]` : '', e.responseText ?? ''].filter(Boolean).join(' ');
  }
  if (e.code === 'NoConnection' && typeof e.reason === 'string' && e.reason) {
    if (/^\[(UNAVAILABLE|INUSE|LIMIT)\]/i.test(e.reason.trim())) return null;
    return `BYE ${e.reason}`;
  }
  return null;
}

/**
 * Whether a failed command ended in the connection lost without a word from the server: closed,
 * reset or timed out, with no BYE text, no tagged answer and no throttling. Whether the connection
 * is really gone is the caller's to check (the client's `usable`). Pure.
 */
export function isCutWithoutAnswer(err: unknown): boolean {
  const e = (err ?? {}) as { code?: string; responseStatus?: string; reason?: unknown };
  if (err === undefined || err === null || serverRefusal(err) !== null) return false;
  // A BYE with a code that says the server cannot serve anything now (shutting down): an outage.
  if (typeof e.reason === 'string' && e.reason) return false;
  if (e.responseStatus || e.code === 'ETHROTTLE') return false;
  return true;
}

/** Keyword set on processed messages (RFC 3501 keywords start with $ by convention). */
export const DONE_KEYWORD = '$DeskmailDone';

/** Messages per FETCH. */
const FETCH_BATCH = 10;
/** The most bytes of messages downloaded before they are handed on (one larger message is fetched alone). */
export const FETCH_GROUP_BYTES = 16 * 1024 * 1024;

/**
 * A batch's UIDs, in order, as the FETCHes that download them: runs of whole messages of at most
 * FETCH_GROUP_BYTES together (a larger one alone), and runs of messages over the size limit, whose
 * headers only are fetched. Pure.
 */
export function fetchGroups(uids: number[], sizes: ReadonlyMap<number, number>, isOversized: (uid: number) => boolean, maxBytes = FETCH_GROUP_BYTES): { uids: number[]; oversized: boolean }[] {
  const groups: { uids: number[]; oversized: boolean; bytes: number }[] = [];
  for (const uid of uids) {
    const oversized = isOversized(uid);
    const bytes = oversized ? 0 : sizes.get(uid) ?? 0;
    const last = groups.at(-1);
    if (last && last.oversized === oversized && (oversized || last.bytes + bytes <= maxBytes)) {
      last.uids.push(uid);
      last.bytes += bytes;
    } else {
      groups.push({ uids: [uid], oversized, bytes });
    }
  }
  return groups.map(({ uids: u, oversized }) => ({ uids: u, oversized }));
}

export class Mailbox {
  private client: ImapFlow | null = null;
  private release: (() => void) | null = null;
  private existsWaiters: (() => void)[] = [];
  /** Set when new mail is announced while nobody waits, so the announcement is not lost. */
  private woken = false;
  uidValidity = 0;

  private readonly log: Logger;

  constructor(private readonly settings: MailboxSettings, log: Logger) {
    this.log = log.child({ component: 'imap', mailbox: settings.mailbox });
  }

  get name(): string {
    return this.settings.mailbox;
  }

  async open(): Promise<{ uidValidity: number }> {
    // A previous connection that went unusable: log it out and drop its listeners, so it
    // neither leaks nor wakes us for a mailbox we no longer read through it.
    if (this.client) await this.close();
    let client: ImapFlow;
    try {
      client = await this.login();
    } catch (err) {
      if (!(err as { authenticationFailed?: boolean }).authenticationFailed || !this.settings.tokens) throw err;
      // A refused token may have been revoked or expired early: once more with a new one.
      this.settings.tokens.invalidate();
      client = await this.login();
    }
    this.client = client;
    try {
      const lock = await client.getMailboxLock(this.settings.mailbox);
      this.release = () => lock.release();
    } catch (err) {
      await this.close();
      throw new PermanentError('IMAP_MAILBOX', `mailbox ${this.settings.mailbox} could not be opened`, { cause: err });
    }
    const box = client.mailbox;
    if (!box || typeof box === 'boolean') throw new RetryableError('IMAP_MAILBOX');
    this.uidValidity = Number(box.uidValidity);
    return { uidValidity: this.uidValidity };
  }

  /** Connects and logs in (password or OAuth2 token); a refused login is PermanentError(IMAP_AUTH). */
  private async login(): Promise<ImapFlow> {
    const tokens = this.settings.tokens;
    const security = transportSecurity(this.settings.host, { implicitTls: this.settings.tls, allowPlaintext: this.settings.allowPlaintext ?? false });
    const client = new ImapFlow({
      host: this.settings.host,
      port: this.settings.port,
      secure: security === 'implicit',
      // doSTARTTLS true: a server that offers no STARTTLS fails the connect before the password
      // is sent. Left unset (loopback or IMAP_ALLOW_PLAINTEXT): upgrade when offered, else plain text.
      ...(security === 'starttls-required' ? { doSTARTTLS: true } : {}),
      // imapflow picks OAUTHBEARER or XOAUTH2, whichever the server offers, for an access token.
      auth: tokens ? { user: this.settings.user, accessToken: await tokens.accessToken() } : { user: this.settings.user, pass: this.settings.password },
      logger: false,
      disableAutoIdle: true,
    } as ConstructorParameters<typeof ImapFlow>[0]);
    client.on('error', (err: Error) => this.log.warn({ err: safeError(err) }, 'imap connection error'));
    client.on('exists', () => this.wake());
    client.on('close', () => this.wake());
    try {
      await client.connect();
      return client;
    } catch (err) {
      dropClient(client);
      if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
        throw Object.assign(new PermanentError('IMAP_AUTH', `imap server ${this.settings.host}:${this.settings.port} refused the ${tokens ? 'oauth2 token' : 'password'} of ${this.settings.user}`, { cause: err }), { authenticationFailed: true });
      }
      throw new RetryableError('IMAP_CONNECT', `imap connect to ${this.settings.host}:${this.settings.port} failed`, { cause: err });
    }
  }

  get usable(): boolean {
    return Boolean(this.client?.usable);
  }

  /**
   * Messages with UID above `lastUid`, oldest first, fetched in small batches. A message the server
   * refuses, or a connection cut in the middle of a FETCH, ends them: everything that came whole
   * before it was yielded, and the refusal or the cut comes last, in its place.
   */
  async *fetchSince(lastUid: number, options: { skipDone?: boolean } = {}): AsyncGenerator<FetchedMessage | RefusedFetch | CutFetch | LostFetch> {
    const uids = (await this.search(options.skipDone ? { uid: `${lastUid + 1}:*`, unKeyword: DONE_KEYWORD } : { uid: `${lastUid + 1}:*` }))
      .filter((uid) => uid > lastUid);
    yield* this.fetchUids(uids);
  }

  /**
   * One message asked for again (an admin's retry of one the server refused before): the message,
   * the server's refusal, the cut while it was being sent, or null when the mailbox no longer holds
   * that UID.
   */
  async fetchOne(uid: number): Promise<FetchedMessage | RefusedFetch | CutFetch | LostFetch | null> {
    if (!(await this.search({ uid: String(uid) })).includes(uid)) return null;
    for await (const item of this.fetchUids([uid])) return item;
    return null;
  }

  private async search(query: { uid: string; unKeyword?: string }): Promise<number[]> {
    const client = this.requireClient();
    try {
      const found = await client.search(query, { uid: true });
      if (found === false || found === undefined) throw new Error('search failed');
      return (found as number[]).sort((a, b) => a - b);
    } catch (err) {
      throw new RetryableError('IMAP_COMMAND', 'imap search failed', { cause: err });
    }
  }

  /**
   * A FETCH on `client` failed: the server's refusal (its answer), the connection cut without a word
   * from it, or anything else, which is raised as the failed command it is.
   */
  private fetchFailure(err: unknown, client: ImapFlow): { kind: 'refused'; answer: string } | { kind: 'cut'; error: RetryableError } {
    const answer = serverRefusal(err);
    if (answer !== null) return { kind: 'refused', answer };
    const error = new RetryableError('IMAP_COMMAND', 'imap fetch failed', { cause: err });
    // Still our connection (not one we closed ourselves), and gone.
    if (client === this.client && !client.usable && isCutWithoutAnswer(err)) return { kind: 'cut', error };
    throw error;
  }

  /** `uids` in order, as fetchSince yields them. */
  private async *fetchUids(uids: number[]): AsyncGenerator<FetchedMessage | RefusedFetch | CutFetch | LostFetch> {
    // In batches: one FETCH per batch instead of a round trip per message. What is downloaded is
    // held in memory until it is handed on, so a batch's sources are fetched in groups of at most
    // FETCH_GROUP_BYTES (a larger message goes alone) and each group is handed on before the next.
    for (let i = 0; i < uids.length; i += FETCH_BATCH) {
      let batch = uids.slice(i, i + FETCH_BATCH);
      // Sizes first (RFC822.SIZE): a message over the limit is never downloaded whole.
      const sizes = new Map<number, number>();
      let refusal: RefusedFetch | CutFetch | null = null;
      const sizing = this.requireClient();
      try {
        for await (const message of sizing.fetch(batch.join(','), { uid: true, size: true }, { uid: true })) {
          if (typeof message.size === 'number') sizes.set(message.uid, message.size);
        }
      } catch (err) {
        const failure = this.fetchFailure(err, sizing);
        // The first one without a size is the one refused (or being sent when the connection was
        // cut); those before it are fetched first.
        const uid = batch.find((u) => !sizes.has(u));
        if (uid === undefined && failure.kind === 'cut') {
          yield { kind: 'lost', error: failure.error };
          return;
        }
        // Every size given and the session over: the rest on the next session.
        if (uid === undefined && !this.usable) return;
        if (uid !== undefined) {
          batch = batch.filter((u) => u < uid);
          refusal = failure.kind === 'refused' ? { kind: 'refused', uid, answer: failure.answer } : { kind: 'cut', uid, error: failure.error };
          if (batch.length > 0 && !this.usable) await this.reopenSame();
        }
      }
      const limit = this.settings.maxMessageBytes;
      const isOversized = (uid: number) => limit !== undefined && (sizes.get(uid) ?? 0) > limit;
      for (const group of fetchGroups(batch, sizes, isOversized)) {
        const client = this.requireClient();
        const got: FetchedMessage[] = [];
        let failure: ReturnType<Mailbox['fetchFailure']> | null = null;
        try {
          if (group.oversized) {
            for await (const message of client.fetch(group.uids.join(','), { uid: true, headers: true }, { uid: true })) {
              if (message.headers) got.push({ kind: 'message', uid: message.uid, raw: message.headers, oversizedBytes: sizes.get(message.uid)! });
            }
          } else {
            for await (const message of client.fetch(group.uids.join(','), { uid: true, source: true }, { uid: true })) {
              if (message.source) got.push({ kind: 'message', uid: message.uid, raw: message.source });
            }
          }
        } catch (err) {
          failure = this.fetchFailure(err, client);
        }
        got.sort((a, b) => a.uid - b.uid);
        const missing = group.uids.find((uid) => !got.some((m) => m.uid === uid));
        if (missing === undefined) {
          yield* got;
          // Every message given, and the session over: the rest on the next session (a cut that
          // no message is to blame for is said as the lost connection it is).
          if (failure?.kind === 'cut') yield { kind: 'lost', error: failure.error };
          if (failure !== null && !this.usable) return;
          continue;
        }
        // The first message not given is the one refused, or the one in transfer when the
        // connection was cut (or expunged since SEARCH: then the next pass's SEARCH no longer finds
        // it). Those after it are fetched again later, never skipped.
        yield* got.filter((m) => m.uid < missing);
        yield failure?.kind === 'cut'
          ? { kind: 'cut', uid: missing, error: failure.error }
          : { kind: 'refused', uid: missing, answer: failure?.answer ?? ANSWERED_WITHOUT_MESSAGE };
        return;
      }
      if (refusal) {
        yield refusal;
        return;
      }
    }
  }

  /**
   * Opens the mailbox again after the server closed the session, when a batch must go on; a
   * different UIDVALIDITY means a resync, which is the next pass's to do.
   */
  private async reopenSame(): Promise<void> {
    const before = this.uidValidity;
    await this.open();
    if (this.uidValidity !== before) throw new RetryableError('IMAP_COMMAND', 'UIDVALIDITY changed while fetching');
  }

  /** Flags (\Seen + DONE_KEYWORD) or moves processed messages, per the setting. Idempotent. */
  async markDone(uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    const client = this.requireClient();
    const range = uids.join(',');
    try {
      const flagged = await client.messageFlagsAdd(range, ['\\Seen', DONE_KEYWORD], { uid: true });
      if (flagged === false) throw new Error('STORE refused');
      if (this.settings.afterProcessing === 'move') {
        const moved = await client.messageMove(range, this.settings.processedMailbox, { uid: true });
        if (moved === false) throw new Error('MOVE refused');
      }
    } catch (err) {
      throw new RetryableError('IMAP_COMMAND', 'imap flag/move failed', { cause: err });
    }
  }

  /**
   * Resolves when the server reports new mail (IDLE, or the answer to a NOOP with checkEveryMs)
   * or after `timeoutMs`, whichever is first.
   */
  async waitForMail(timeoutMs: number): Promise<void> {
    const client = this.requireClient();
    if (this.woken) {
      // New mail was announced while we were busy: look again now.
      this.woken = false;
      return;
    }
    const every = this.settings.checkEveryMs ?? 0;
    await new Promise<void>((resolve) => {
      let finished = false;
      let tick: NodeJS.Timeout | undefined;
      const timer = setTimeout(done, timeoutMs);
      function done() {
        finished = true;
        clearTimeout(timer);
        clearTimeout(tick);
        resolve();
      }
      this.existsWaiters.push(done);
      if (every <= 0) {
        // IDLE ends by itself when the next command is sent.
        client.idle().catch(() => done());
        return;
      }
      // An EXISTS in a NOOP's answer wakes us through the same 'exists' event as in IDLE.
      const check = () => {
        if (finished) return;
        client.noop().then(() => { if (!finished) tick = setTimeout(check, every); }, () => done());
      };
      tick = setTimeout(check, every);
    });
  }

  wake(): void {
    if (this.existsWaiters.length === 0) this.woken = true;
    const waiters = this.existsWaiters;
    this.existsWaiters = [];
    for (const w of waiters) w();
  }

  async close(): Promise<void> {
    this.wake();
    try {
      this.release?.();
    } catch {
      /* the connection may be gone already */
    }
    this.release = null;
    const client = this.client;
    this.client = null;
    if (client) {
      dropClient(client);
      await client.logout().catch(() => client.close());
    }
  }

  private requireClient(): ImapFlow {
    if (!this.client || !this.client.usable) throw new RetryableError('IMAP_CONNECT', 'imap connection is not open');
    return this.client;
  }
}

/** Removes our listeners from a client we are done with; a late error from it must not end the process. */
function dropClient(client: ImapFlow): void {
  client.removeAllListeners();
  client.on('error', () => {});
}
