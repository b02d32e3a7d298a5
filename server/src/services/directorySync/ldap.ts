/**
 * Talking to the directory with ldapts: a service bind, the people and OU searches, a bind as a
 * person, and errors sorted into what an admin can act on. LDAP connects straight to the typed
 * address (not through services/outbound): the setting is admin-only and a directory normally lives
 * on the company's own network, which the outbound address guard exists to keep requests away from.
 */
import { Client, FilterParser, InvalidCredentialsError, InvalidDNSyntaxError, NoSuchObjectError, type Entry } from 'ldapts';
import type { DirectoryAttributes } from '@formloom/schemas';
import type { DirectoryConfig } from './settings.ts';

export type DirectoryOutcome = 'unreachable' | 'bad_credentials' | 'bad_base_dn' | 'bad_filter' | 'tls_error' | 'failed';

/** A directory problem sorted by what went wrong; `message` is written for an admin. */
export class DirectoryError extends Error {
  constructor(
    readonly outcome: DirectoryOutcome,
    message: string,
  ) {
    super(message);
  }
}

/** Escapes a value for an LDAP search filter (RFC 4515 §3): `\ * ( )` and NUL become `\5c \2a \28 \29 \00`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Throws `bad_filter` when a filter does not parse (checked before connecting, with a readable reason). */
export function checkFilter(filter: string, which: 'user' | 'group' = 'user'): void {
  try {
    FilterParser.parseString(filter);
  } catch (err) {
    throw new DirectoryError('bad_filter', `The ${which} filter is not a valid LDAP filter: ${(err as Error).message}`);
  }
}

/** Both filters, before anything is searched. */
function checkFilters(config: DirectoryConfig): void {
  checkFilter(config.userFilter);
  if (config.groupFilter.trim()) checkFilter(config.groupFilter, 'group');
}

/** Sorts a connect, bind or search failure into an outcome. */
export function classify(err: unknown, stage: 'connect' | 'bind' | 'search', config: DirectoryConfig): DirectoryError {
  if (err instanceof DirectoryError) return err;
  const e = err as NodeJS.ErrnoException & { code?: string };
  const message = e?.message ?? String(err);
  if (err instanceof InvalidCredentialsError)
    return new DirectoryError('bad_credentials', `The directory refused the bind DN "${config.bindDn}" with this password.`);
  if (err instanceof NoSuchObjectError || (stage === 'search' && err instanceof InvalidDNSyntaxError))
    return new DirectoryError(
      'bad_base_dn',
      `The base DN "${config.baseDn}" does not exist in the directory (or this account may not read it).`,
    );
  if (err instanceof InvalidDNSyntaxError)
    return new DirectoryError('bad_credentials', `The bind DN "${config.bindDn}" is not a valid DN.`);
  if (/filter|paren|Invalid expression|attribute name/i.test(message) && stage === 'search')
    return new DirectoryError('bad_filter', `The directory could not use the user filter: ${message}`);
  if (/certificate|self[- ]signed|TLS|SSL|ERR_TLS|EPROTO/i.test(`${e?.code ?? ''} ${message}`))
    return new DirectoryError('tls_error', `The TLS connection to ${config.url} failed: ${message}`);
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(e?.code ?? '') ||
    /Connection timeout|timed out|socket|connect/i.test(message)
  )
    return new DirectoryError('unreachable', `The directory at ${config.url} cannot be reached (${e?.code ?? message}).`);
  return new DirectoryError('failed', `The directory answered with an error: ${message}`);
}

export function newClient(config: DirectoryConfig): Client {
  return new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.connectTimeoutMs, strictDN: false });
}

/** Runs `fn` with a client bound as the service account, and always unbinds. */
export async function withServiceBind<T>(config: DirectoryConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = newClient(config);
  try {
    try {
      await client.bind(config.bindDn, config.bindPassword);
    } catch (err) {
      throw classify(err, 'bind', config);
    }
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** A person as the directory describes them, mapped through the attribute settings. */
export interface DirectoryPerson {
  dn: string;
  externalId: string;
  email: string | null;
  name: string;
  /** Department names, outermost first, and each level's stable id (OU mode) or null (attribute mode). */
  departmentPath: string[];
  departmentIds: (string | null)[];
  managerDn: string | null;
  title: string | null;
}

/** Lower-cases a DN and drops spaces around its separators, so two spellings of one DN compare equal. */
export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((rdn) => rdn.replace(/^\s+|\s+$/g, '').replace(/\s*=\s*/, '='))
    .join(',')
    .toLowerCase();
}

function splitDn(dn: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[++i];
    } else if (c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current);
  return out;
}

function unescapeDnValue(value: string): string {
  return value.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, v: string) => (v.length === 2 ? String.fromCharCode(parseInt(v, 16)) : v));
}

function first(entry: Entry, attribute: string): string | null {
  if (!attribute) return null;
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  if (!key) return null;
  const raw = entry[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** The OU names of a DN between the entry itself and the base DN, outermost first, with their DNs. */
export function ouPath(dn: string, baseDn: string): { names: string[]; dns: string[] } {
  const rdns = splitDn(dn);
  const baseLength = splitDn(baseDn).length;
  const names: string[] = [];
  const dns: string[] = [];
  for (let i = rdns.length - baseLength - 1; i >= 1; i--) {
    const rdn = rdns[i].trim();
    const eq = rdn.indexOf('=');
    if (rdn.slice(0, eq).trim().toLowerCase() !== 'ou') continue;
    names.push(unescapeDnValue(rdn.slice(eq + 1).trim()));
    dns.push(normalizeDn(rdns.slice(i).join(',')));
  }
  return { names, dns };
}

const BINARY_IDS = ['objectGUID', 'objectSid'];

function attributeList(attrs: DirectoryAttributes, departmentSource: 'ou' | 'attribute'): string[] {
  const list = [attrs.id, attrs.email, attrs.name, attrs.manager, attrs.title];
  if (departmentSource === 'attribute') list.push(attrs.department);
  return list.filter(Boolean);
}

export function toPerson(entry: Entry, config: DirectoryConfig, ouIds: Map<string, string>): DirectoryPerson {
  const a = config.attributes;
  let departmentPath: string[] = [];
  let departmentIds: (string | null)[] = [];
  if (config.departmentSource === 'ou') {
    const path = ouPath(entry.dn, config.baseDn);
    departmentPath = path.names;
    departmentIds = path.dns.map((dn) => ouIds.get(dn) ?? `dn:${dn}`);
  } else {
    const value = first(entry, a.department);
    departmentPath = value
      ? value
          .split('/')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
    departmentIds = departmentPath.map(() => null);
  }
  const email = first(entry, a.email)?.toLowerCase() ?? null;
  return {
    dn: entry.dn,
    externalId: first(entry, a.id) ?? `dn:${normalizeDn(entry.dn)}`,
    email,
    name: first(entry, a.name) ?? email ?? entry.dn,
    departmentPath,
    departmentIds,
    managerDn: first(entry, a.manager),
    title: first(entry, a.title),
  };
}

async function searchAll(
  client: Client,
  config: DirectoryConfig,
  filter: string,
  attributes: string[],
  base = config.baseDn,
): Promise<Entry[]> {
  try {
    const { searchEntries } = await client.search(base, {
      scope: 'sub',
      filter,
      attributes,
      paged: { pageSize: 500 },
      explicitBufferAttributes: BINARY_IDS,
    });
    return searchEntries;
  } catch (err) {
    throw classify(err, 'search', config);
  }
}

const groupBaseOf = (config: DirectoryConfig) => config.groupBaseDn.trim() || config.baseDn;

/** The (normalized) DNs of everyone in the groups the group filter finds; null when there is no group filter. */
async function groupMembers(client: Client, config: DirectoryConfig): Promise<Set<string> | null> {
  if (!config.groupFilter.trim()) return null;
  const attribute = config.groupMemberAttribute;
  const groups = await searchAll(client, config, config.groupFilter, [attribute], groupBaseOf(config));
  const members = new Set<string>();
  for (const group of groups) {
    const key = Object.keys(group).find((k) => k.toLowerCase() === attribute.toLowerCase());
    const values = key ? group[key] : [];
    for (const dn of Array.isArray(values) ? values : [values]) members.add(normalizeDn(String(dn)));
  }
  return members;
}

/** Whether the entry is in one of the groups (always, without a group filter): one search, the directory matching the DN. */
async function inGroups(client: Client, config: DirectoryConfig, dn: string): Promise<boolean> {
  if (!config.groupFilter.trim()) return true;
  const filter = `(&${config.groupFilter}(${config.groupMemberAttribute}=${escapeFilterValue(dn)}))`;
  return (await searchAll(client, config, filter, ['1.1'], groupBaseOf(config))).length > 0;
}

/** The user filter's entries, less those outside the groups when a group filter is set. */
async function peopleEntries(client: Client, config: DirectoryConfig, filter: string, attributes: string[]): Promise<Entry[]> {
  const [entries, members] = await Promise.all([searchAll(client, config, filter, attributes), groupMembers(client, config)]);
  return members ? entries.filter((e) => members.has(normalizeDn(e.dn))) : entries;
}

/** Everyone matching the user filter (and in the groups), and (OU mode) the stable ids of the OUs under the base DN. */
export async function readDirectory(config: DirectoryConfig): Promise<DirectoryPerson[]> {
  checkFilters(config);
  return withServiceBind(config, async (client) => {
    const entries = await peopleEntries(client, config, config.userFilter, attributeList(config.attributes, config.departmentSource));
    const ouIds = new Map<string, string>();
    if (config.departmentSource === 'ou') {
      for (const ou of await searchAll(client, config, '(objectClass=organizationalUnit)', [config.attributes.id])) {
        const id = first(ou, config.attributes.id);
        if (id) ouIds.set(normalizeDn(ou.dn), id);
      }
    }
    return entries.map((entry) => toPerson(entry, config, ouIds));
  });
}

/** Counts the people the filters match (the settings page's test button). */
export async function countPeople(config: DirectoryConfig): Promise<{ count: number; sample: string[] }> {
  checkFilters(config);
  return withServiceBind(config, async (client) => {
    const entries = await peopleEntries(client, config, config.userFilter, [config.attributes.email]);
    const sample = entries
      .map((e) => first(e, config.attributes.email))
      .filter((v): v is string => Boolean(v))
      .slice(0, 5);
    return { count: entries.length, sample };
  });
}

/** The id attribute of the entry at `dn`, or null when it has none or this account may not read it. */
async function idAt(client: Client, config: DirectoryConfig, dn: string): Promise<string | null> {
  try {
    const { searchEntries } = await client.search(dn, {
      scope: 'base',
      attributes: [config.attributes.id],
      explicitBufferAttributes: BINARY_IDS,
    });
    return searchEntries[0] ? first(searchEntries[0], config.attributes.id) : null;
  } catch {
    return null;
  }
}

/**
 * The one entry with this email under the user filter, or null (more than one is treated as none),
 * with the external id of the manager it names (as a sync would store it) when there is one.
 */
export async function findPersonByEmail(
  config: DirectoryConfig,
  email: string,
): Promise<{ person: DirectoryPerson; managerExternalId: string | null } | null> {
  checkFilters(config);
  return withServiceBind(config, async (client) => {
    const filter = `(&${config.userFilter}(${config.attributes.email}=${escapeFilterValue(email)}))`;
    const entries = await searchAll(client, config, filter, attributeList(config.attributes, config.departmentSource));
    if (entries.length !== 1 || !(await inGroups(client, config, entries[0].dn))) return null;
    const ouIds = new Map<string, string>();
    if (config.departmentSource === 'ou') {
      // An OU this account may not read keeps its DN as the id.
      for (const dn of ouPath(entries[0].dn, config.baseDn).dns) {
        const id = await idAt(client, config, dn);
        if (id) ouIds.set(dn, id);
      }
    }
    const person = toPerson(entries[0], config, ouIds);
    const managerExternalId = person.managerDn
      ? ((await idAt(client, config, person.managerDn)) ?? `dn:${normalizeDn(person.managerDn)}`)
      : null;
    return { person, managerExternalId };
  });
}

/** Binds as the person: true when the directory accepts the password. Empty passwords are refused here (an LDAP "unauthenticated bind" would succeed). */
export async function passwordAccepted(config: DirectoryConfig, dn: string, password: string): Promise<boolean> {
  if (password === '') return false;
  const client = newClient(config);
  try {
    await client.bind(dn, password);
    return true;
  } catch (err) {
    if (err instanceof InvalidCredentialsError) return false;
    throw classify(err, 'bind', config);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
