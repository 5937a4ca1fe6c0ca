// Debian's nginx in front of Loket servers, run by a test as its own child (issue 14's
// two-server test): `daemon off`, everything (configuration, logs, pid, temporary files) in a
// temporary directory, so nothing touches /etc/nginx or /var/log/nginx and nothing needs a
// privileged port. Run as root (as the tests run here), nginx is started as `nobody` through
// `setpriv`, which execs: the spawned pid is nginx itself, so a signal reaches it.
//
// The spec picks the server of a request with the header `x-loket-upstream: a` (or `b`, …, one
// letter per upstream in order); without it nginx balances between them. Every answer says who
// answered in `X-Loket-Upstream` (nginx's `$upstream_addr`: `127.0.0.1:PORT`, or a list
// `127.0.0.1:P1, 127.0.0.1:P2` when nginx tried one and then another).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const NGINX = process.env.LOKET_NGINX || '/usr/sbin/nginx';

/** Why nginx cannot run here (a sentence), or null when it can. */
export function nginxMissing() {
  return existsSync(NGINX) ? null : `${NGINX} is missing: install Debian's nginx (scripts/setup.sh --browser, or apt-get install -y nginx)`;
}

function portIsFree(port) {
  return new Promise((ok) => {
    const s = net.createServer().once('error', () => ok(false)).once('listening', () => s.close(() => ok(true)));
    s.listen(port, '127.0.0.1');
  });
}

/** The name of the i-th upstream in the header: a, b, c, … */
export const upstreamName = (i) => String.fromCharCode(97 + i);

/** The configuration for `upstreams` (ports on 127.0.0.1) behind 127.0.0.1:`port`, all files in `dir`. */
export function nginxConf(dir, upstreams, port) {
  const servers = upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  const picks = upstreams.map((p, i) => `    ${upstreamName(i)} 127.0.0.1:${p};`).join('\n');
  return `# Written by end2end/tests/nginx.js; run with: ${NGINX} -p ${dir}/ -c ${dir}/nginx.conf -e ${dir}/error.log
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # Above the servers' --max-body (256 KiB) and an upload chunk: the servers refuse, not nginx.
  client_max_body_size 8m;
  upstream loket {
${servers}
    keepalive 16;
  }
  # The test picks a server per request with a header; absent, nginx balances.
  map $http_x_loket_upstream $pick {
${picks}
    default loket;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://$pick;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # Keep the port: the servers' CSRF check compares Origin with Host.
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # Which server answered.
      add_header X-Loket-Upstream $upstream_addr always;
      # An answer a server never finished stays unfinished for the client.
      proxy_buffering off;
    }
  }
}
`;
}

/** Starts nginx on 127.0.0.1:`port` in front of the servers on 127.0.0.1:`upstreams[i]`; waits
 * until `/healthz` answers 200 through it (from any server). Returns { url, port, dir, proc,
 * upstreams: { a: '127.0.0.1:P1', … }, log(), stop() }. Throws when nginx is missing or does not
 * come up (with its error log). */
export async function startNginx(upstreams, port, { healthPath = '/healthz', timeoutMs = 30_000 } = {}) {
  const missing = nginxMissing();
  if (missing) throw new Error(missing);
  if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: refusing to put nginx there`);
  const dir = mkdtempSync(join(tmpdir(), `loket-nginx-${port}-`));
  writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, upstreams, port));
  const args = ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  let command = NGINX;
  let argv = args;
  if (process.getuid && process.getuid() === 0) {
    // A root master would switch its worker to `nobody`, which cannot enter a mkdtemp directory
    // (mode 0700); so the whole nginx runs as nobody, in a directory that is nobody's.
    execFileSync('chown', ['-R', 'nobody:nogroup', dir]);
    command = 'setpriv';
    argv = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', NGINX, ...args];
  }
  const proc = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = null;
  proc.once('exit', (code, signal) => { exited = signal || code; });
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => { try { return readFileSync(join(dir, 'error.log'), 'utf8'); } catch (_) { return ''; } };
  const nginx = {
    url, port, dir, proc,
    upstreams: Object.fromEntries(upstreams.map((p, i) => [upstreamName(i), `127.0.0.1:${p}`])),
    /** nginx's error log and what it printed. */
    log: () => `${output}${errorLog()}`,
    /** Stops nginx (SIGTERM: a fast shutdown) and removes its directory. */
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const late = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(late);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const end = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < end) {
    if (exited !== null) {
      const log = nginx.log();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited (${exited}) at start:\n${log}`);
    }
    try {
      const r = await fetch(url + healthPath, { cache: 'no-store' });
      if (r.ok) return nginx;
      last = `${healthPath} answered ${r.status}`;
    } catch (e) {
      last = e.cause?.code || e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = nginx.log();
  await nginx.stop();
  throw new Error(`nginx on ${url} did not answer ${healthPath} with 200 in ${timeoutMs / 1000} s (last: ${last}):\n${log}`);
}

/** The addresses nginx tried for one answer (`X-Loket-Upstream`), in order. */
export function upstreamsOf(response) {
  const h = typeof response.headers.get === 'function' ? response.headers.get('x-loket-upstream') : response.headers()['x-loket-upstream'];
  return (h || '').split(',').map((s) => s.trim()).filter(Boolean);
}
