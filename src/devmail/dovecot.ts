// A private Dovecot (IMAP + LMTP) on loopback for the demo and the tests. Everything lives in a
// temporary directory; the system configuration is never read or changed.
// I/O: spawns and stops the dovecot process, writes its files.
import { execFile, spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);


/** Debian installs the master in /usr/sbin, which is not on a regular user's PATH; elsewhere, from PATH. */
const DOVECOT_BIN = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';

export interface PrivateMailServer {
  host: string;
  imapPort: number;
  lmtpPort: number;
  dir: string;
  addUser(address: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not open port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function idOf(user: string, flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await run('id', [flag, user]);
  return Number(stdout.trim());
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A reparented master can linger as a zombie; it no longer holds the ports.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

export interface PrivateMailServerOptions {
  name?: string;
  /**
   * Also accept OAuth2 bearer tokens (SASL XOAUTH2 and OAUTHBEARER), checked by token
   * introspection (RFC 7662) at this URL, whose user:password part is the introspecting client.
   * The token's `username` claim must name the login.
   */
  oauth2?: { introspectionUrl: string };
  /**
   * On every new message, delivered (LMTP) or appended (IMAP APPEND, as the benchmark adds its
   * mail), POST a mail-arrived notice to this URL with this bearer token: Dovecot's
   * push_notification plugin with its Lua driver, as README's recipe sets up a production Dovecot.
   * With `user`, only that login's mail is announced (the help desk's, on a server shared with others).
   */
  push?: { url: string; token: string; user?: string };
}

export async function startPrivateMailServer(options: PrivateMailServerOptions = {}): Promise<PrivateMailServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deskmail-mail-'));
  const root = process.getuid?.() === 0;
  const mailUser = root ? 'vmail' : os.userInfo().username;
  const uid = root ? await idOf('vmail', '-u') : process.getuid!();
  const gid = root ? await idOf('vmail', '-g') : process.getgid!();
  const imapPort = await freePort();
  const lmtpPort = await freePort();
  for (const sub of ['run', 'state', 'log', 'mail']) await fs.mkdir(path.join(dir, sub));
  // mkdtemp makes 0700; the auth and login processes run as other users and need +x.
  await fs.chmod(dir, 0o755);
  const users = path.join(dir, 'users');
  await fs.writeFile(users, '');
  if (root) {
    await run('chown', [`vmail:vmail`, path.join(dir, 'mail')]);
    await run('chgrp', ['dovecot', users]);
    await fs.chmod(users, 0o640);
  }
  const internal = root
    ? 'default_internal_user = dovecot\ndefault_internal_group = dovecot\ndefault_login_user = dovenull'
    : `default_internal_user = ${mailUser}\ndefault_internal_group = ${mailUser}\ndefault_login_user = ${mailUser}`;
  const config = `instance_name = deskmail-${options.name ?? path.basename(dir)}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log/dovecot.log
info_log_path = ${dir}/log/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${options.oauth2 ? ' xoauth2 oauthbearer' : ''}
${internal}
first_valid_uid = ${uid}
first_valid_gid = ${gid}
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${users}${options.oauth2 ? '\n  mechanisms = plain login none' : ''}
}${options.oauth2 ? `
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/dovecot-oauth2.conf.ext
}` : ''}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%d/%n
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
}
mail_max_userip_connections = 200
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service anvil {
  chroot =
}
protocol lmtp {
  postmaster_address = postmaster@example.test${options.push ? `\n  ${PUSH_PLUGINS}` : ''}
}${options.push ? `
protocol imap {
  ${PUSH_PLUGINS}
}` : ''}${options.push ? `
plugin {
  push_notification_driver = lua:file=${dir}/push-notification.lua
  deskmail_push_url = ${options.push.url}
  deskmail_push_token = ${options.push.token}${options.push.user ? `\n  deskmail_push_user = ${options.push.user}` : ''}
}` : ''}
`;
  if (options.push) await fs.writeFile(path.join(dir, 'push-notification.lua'), PUSH_NOTIFICATION_LUA);
  if (options.oauth2) {
    await fs.writeFile(path.join(dir, 'dovecot-oauth2.conf.ext'), [
      'introspection_mode = post', `introspection_url = ${options.oauth2.introspectionUrl}`, 'force_introspection = yes',
      'username_attribute = username', 'active_attribute = active', 'active_value = true', '',
    ].join('\n'));
  }
  const configPath = path.join(dir, 'dovecot.conf');
  await fs.writeFile(configPath, config);
  const log = await fs.open(path.join(dir, 'log', 'startup.log'), 'a');
  // The daemonised master keeps the caller's stdio open; give it a file instead.
  const child = spawn(DOVECOT_BIN, ['-c', configPath], { stdio: ['ignore', log.fd, log.fd] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}; see ${dir}/log`))));
  });
  await log.close();
  await waitForPort(imapPort, 10_000);
  await waitForPort(lmtpPort, 10_000);

  const lines: string[] = [];
  return {
    host: '127.0.0.1',
    imapPort,
    lmtpPort,
    dir,
    async addUser(address, password) {
      lines.push(`${address.toLowerCase()}:{PLAIN}${password}::::::`);
      const tmp = `${users}.tmp`;
      await fs.writeFile(tmp, `${lines.join('\n')}\n`);
      if (root) {
        await run('chgrp', ['dovecot', tmp]);
        await fs.chmod(tmp, 0o640);
      }
      await fs.rename(tmp, users);
    },
    async stop() {
      const pid = Number(await fs.readFile(path.join(dir, 'run', 'master.pid'), 'utf8').catch(() => '0'));
      if (pid > 0 && isAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

const PUSH_PLUGINS = 'mail_plugins = $mail_plugins mail_lua notify push_notification push_notification_lua';

/**
 * Dovecot's Lua push driver: after a delivery's transaction, one POST naming the user and the
 * mailboxes that got mail (no sender, subject or text leaves the server); with deskmail_push_user
 * set, for that user's mail only. One attempt with a 1 s timeout: the notice only saves latency, and a
 * worker that is down must not hold up the server's deliveries.
 */
export const PUSH_NOTIFICATION_LUA = `local client = nil

function script_init()
  client = dovecot.http.client({ timeout = 1000, max_attempts = 1 })
  return 0
end

function dovecot_lua_notify_begin_txn(user)
  local only = user:plugin_getenv('deskmail_push_user')
  return { user = user, mailboxes = {}, skip = only ~= nil and only ~= '' and only:lower() ~= user.username:lower() }
end

function dovecot_lua_notify_event_message_new(ctx, event)
  ctx.mailboxes[event.mailbox] = true
end

function dovecot_lua_notify_event_message_append(ctx, event)
  ctx.mailboxes[event.mailbox] = true
end

local function quoted(text)
  return '"' .. text:gsub('[%c"\\\\]', function(c) return string.format('\\\\u%04x', c:byte()) end) .. '"'
end

function dovecot_lua_notify_end_txn(ctx, success)
  if ctx.skip or not success or next(ctx.mailboxes) == nil then return end
  local names = {}
  for name in pairs(ctx.mailboxes) do table.insert(names, quoted(name)) end
  local request = client:request({ url = ctx.user:plugin_getenv('deskmail_push_url'), method = 'POST' })
  request:add_header('authorization', 'Bearer ' .. ctx.user:plugin_getenv('deskmail_push_token'))
  request:add_header('content-type', 'application/json')
  request:set_payload('{"event":"MessageNew","user":' .. quoted(ctx.user.username) .. ',"mailboxes":[' .. table.concat(names, ',') .. ']}')
  local response = request:submit()
  if response:status() >= 300 then
    dovecot.i_warning('deskmail push: ' .. response:status() .. ' ' .. response:reason())
  end
end
`;
