import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KamailioDigestAuth {
  /** The realm kamailio challenges in. */
  realm: string;
  /** `SHA-256` or `MD5`: the algorithm of kamailio's challenges. */
  algorithm: 'MD5' | 'SHA-256';
  /** The local user table (db_text): username to password. */
  users: Record<string, string>;
  /** Where the user table's files go. */
  dbDir: string;
  /**
   * Which requests are challenged: calls (INVITE, 407 as a proxy), registrations (REGISTER,
   * 401 as a registrar, but not the rig's agents'; each REGISTER it takes logged as
   * `rig-register`). Default: calls.
   */
  challenge?: ('INVITE' | 'REGISTER')[];
}

/**
 * kamailio as a proxy that authenticates the gateway (auth + auth_db on a db_text user table,
 * as a contact center's SBC in front of its PBX would): a call to a queue is challenged with
 * a 407 (qop=auth) until its Proxy-Authorization checks against the table. Returns the edit
 * for kamailio.ts's `editConfig`; the table is written now, passwords in plain text with
 * kamailio computing HA1 itself, so the digest is checked by kamailio's code, not ours.
 */
export function kamailioDigestAuth(auth: KamailioDigestAuth): (config: string) => string {
  mkdirSync(auth.dbDir, { recursive: true });
  writeFileSync(
    join(auth.dbDir, 'version'),
    'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n',
  );
  const rows = Object.entries(auth.users).map(([user, password], index) => {
    if (/[:\\\n]/.test(user + password)) throw new Error('db_text cannot hold : \\ or newlines');
    return `${index + 1}:${user}:${auth.realm}:${password}:::`;
  });
  writeFileSync(
    join(auth.dbDir, 'subscriber'),
    `id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null) \n${rows.join('\n')}\n`,
  );
  const modules = [
    'loadmodule "db_text.so"',
    'loadmodule "auth.so"',
    'loadmodule "auth_db.so"',
    `modparam("auth", "algorithm", "${auth.algorithm}")`,
    `modparam("auth_db", "db_url", "text://${auth.dbDir}")`,
    'modparam("auth_db", "calculate_ha1", yes)',
    'modparam("auth_db", "password_column", "password")',
    'modparam("auth_db", "load_credentials", "")',
  ].join('\n');
  const challenged = auth.challenge ?? ['INVITE'];
  const registerCheck = [
    '\t# A trunk user must authenticate its registration (401, qop=auth, the table above);',
    "\t# the rig's agents (agent-NAME) register unchallenged, as phones on the PBX's own LAN.",
    '\tif (is_method("REGISTER") && !($tU =~ "^agent-")) {',
    `\t\tif (!www_authorize("${auth.realm}", "subscriber")) {`,
    `\t\t\twww_challenge("${auth.realm}", "1");`,
    '\t\t\texit;',
    '\t\t}',
    '\t\txlog("L_NOTICE", "rig-register user=$tU expires=$hdr(Expires) contact=$ct\\n");',
    '\t\tconsume_credentials();',
    '\t}',
  ].join('\n');
  const check = [
    '\t# The gateway must authenticate its calls (407, qop=auth, the table above).',
    '\tif (is_method("INVITE")) {',
    `\t\tif (!proxy_authorize("${auth.realm}", "subscriber")) {`,
    `\t\t\tproxy_challenge("${auth.realm}", "1");`,
    '\t\t\texit;',
    '\t\t}',
    // What it accepted and over which transport, for the test to see which algorithm passed.
    '\t\txlog("L_NOTICE", "rig-auth-accepted proto=$proto $hdr(Proxy-Authorization)\\n");',
    '\t\tconsume_credentials();',
    '\t}',
  ].join('\n');
  return (config) => {
    const moduleAnchor = 'loadmodule "xlog.so"\n';
    const routeAnchor = '\tif (!lookup("location")) {\n';
    const registerAnchor = '\tif (is_method("REGISTER")) {\n';
    if (![moduleAnchor, routeAnchor, registerAnchor].every((anchor) => config.includes(anchor)))
      throw new Error('kamailio.cfg changed: the digest auth additions have no anchor');
    const edited = config.replace(moduleAnchor, `${moduleAnchor}${modules}\n`);
    const withCalls = challenged.includes('INVITE')
      ? edited.replace(routeAnchor, `${check}\n${routeAnchor}`)
      : edited;
    return challenged.includes('REGISTER')
      ? withCalls.replace(registerAnchor, `${registerCheck}\n${registerAnchor}`)
      : withCalls;
  };
}
