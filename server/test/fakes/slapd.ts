/**
 * A REAL OpenLDAP server for the directory-sync tests (not a fake: Debian's /usr/sbin/slapd), on a
 * free loopback port with a throwaway slapd.conf (mdb backend; core, cosine, inetorgperson schemas)
 * in a temp folder, seeded with slapadd. Change the directory with `modify` (LDIF through ldapmodify)
 * and `stop()` it to see how the server copes with a directory that is down.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SLAPD_BASE = 'dc=example,dc=com';
export const PEOPLE_BASE = `ou=People,${SLAPD_BASE}`;
export const SLAPD_ADMIN = { dn: `cn=admin,${SLAPD_BASE}`, password: 'admin-secret-Ld4p' };

/** Each person's directory password is `<uid>-pass-123`. */
export const passwordOf = (uid: string) => `${uid}-pass-123`;
export const dnOf = (uid: string, ous: string[] = []) => [`uid=${uid}`, ...ous.map((o) => `ou=${o}`), PEOPLE_BASE].join(',');

function person(uid: string, cn: string, ous: string[], title: string, manager: string | null): string {
  return [
    `dn: ${dnOf(uid, ous)}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${cn}`,
    `sn: ${cn.split(' ').pop()}`,
    `mail: ${uid}@example.hk`,
    `title: ${title}`,
    ...(manager ? [`manager: ${manager}`] : []),
    `userPassword: ${passwordOf(uid)}`,
    '',
  ].join('\n');
}

const ou = (dn: string) => `dn: ${dn}\nobjectClass: organizationalUnit\nou: ${dn.split(',')[0].slice(3)}\n`;

/**
 * The seeded company: Grace (CEO, no department) ← Oscar (Operations) ← Wendy (Operations/Warehouse)
 * ← Walter (Operations/Warehouse); Fiona (Finance) reports to Grace.
 */
export const SEED_LDIF = [
  `dn: ${SLAPD_BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example Ltd\n`,
  ou(PEOPLE_BASE),
  ou(`ou=Operations,${PEOPLE_BASE}`),
  ou(`ou=Warehouse,ou=Operations,${PEOPLE_BASE}`),
  ou(`ou=Finance,${PEOPLE_BASE}`),
  person('grace', 'Grace Lee', [], 'Chief Executive', null),
  person('oscar', 'Oscar Chan', ['Operations'], 'Operations Director', dnOf('grace')),
  person('wendy', 'Wendy Wong', ['Warehouse', 'Operations'], 'Warehouse Supervisor', dnOf('oscar', ['Operations'])),
  person('walter', 'Walter Lam', ['Warehouse', 'Operations'], 'Picker', dnOf('wendy', ['Warehouse', 'Operations'])),
  person('fiona', '何芳 Fiona Ho', ['Finance'], 'Accountant', dnOf('grace')),
].join('\n');

export interface Slapd {
  url: string;
  port: number;
  /** Applies LDIF change records (ldapmodify -c off: the first error throws). */
  modify(ldif: string): void;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`slapd did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSlapd(seed: string = SEED_LDIF): Promise<Slapd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-slapd-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const conf = path.join(dir, 'slapd.conf');
  fs.writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      'loglevel 0',
      'database mdb',
      'maxsize 67108864',
      `suffix "${SLAPD_BASE}"`,
      `rootdn "${SLAPD_ADMIN.dn}"`,
      `rootpw ${SLAPD_ADMIN.password}`,
      `directory ${dataDir}`,
      'index objectClass,mail,uid eq',
      'access to attrs=userPassword by self write by anonymous auth by * none',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const seedFile = path.join(dir, 'seed.ldif');
  fs.writeFileSync(seedFile, seed);
  const add = spawnSync('/usr/sbin/slapadd', ['-f', conf, '-l', seedFile], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`slapadd failed: ${add.stderr}`);

  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn('/usr/sbin/slapd', ['-f', conf, '-h', `${url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`slapd exited (${code}): ${stderr}`))));
    await Promise.race([waitForPort(port, 10_000), exited]);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();

  return {
    url,
    port,
    modify(ldif) {
      const res = spawnSync('/usr/bin/ldapmodify', ['-x', '-H', url, '-D', SLAPD_ADMIN.dn, '-w', SLAPD_ADMIN.password], {
        input: ldif,
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`ldapmodify failed (${res.status}): ${res.stderr}`);
    },
    start,
    stop,
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
