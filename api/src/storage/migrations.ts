import { sharedLimitsMigration } from './shared-limits-migration.ts';

/**
 * The schema, as numbered steps applied once each at start-up, identical on PGlite and
 * PostgreSQL. Append new steps; never edit one that has shipped.
 */
export const migrations: readonly string[] = [
  `
  create table calls (
    id uuid primary key,
    site_id text not null,
    session_id text not null,
    queue text not null,
    queue_display_name text not null,
    intent text not null,
    language text not null,
    country text not null,
    status text not null default 'pending',
    created_at timestamptz not null,
    token_expires_at timestamptz not null,
    ringing_at timestamptz,
    answered_at timestamptz,
    ended_at timestamptz,
    end_reason text,
    duration_s double precision,
    codec text,
    agent_name text,
    sip_status integer,
    connection_test jsonb,
    quality jsonb
  );
  create index calls_site_created on calls (site_id, created_at);
  create table call_events (
    event_id uuid primary key,
    call_id uuid not null references calls (id),
    type text not null,
    at timestamptz not null,
    received_at timestamptz not null,
    body jsonb not null
  );
  create index call_events_call on call_events (call_id, at);
  create table ratings (
    id uuid primary key,
    site_id text not null,
    call_id uuid not null unique references calls (id),
    idempotency_key text not null,
    request_hash text not null,
    stars integer not null check (stars between 1 and 5),
    comment text not null check (char_length(comment) <= 500),
    created_at timestamptz not null,
    unique (site_id, idempotency_key)
  );
  create index ratings_site_created on ratings (site_id, created_at);
  create table callback_requests (
    id uuid primary key,
    site_id text not null,
    idempotency_key text not null,
    request_hash text not null,
    phone text not null,
    queue text,
    intent text not null,
    language text not null,
    country text not null,
    window_from timestamptz,
    window_to timestamptz,
    consent_at timestamptz not null,
    call_id uuid references calls (id),
    status text not null default 'new' check (status in ('new', 'in_progress', 'done')),
    status_by text,
    status_at timestamptz,
    created_at timestamptz not null,
    unique (site_id, idempotency_key)
  );
  create index callback_requests_site_created on callback_requests (site_id, created_at);
  create table supervisor_users (
    username text primary key,
    password_hash text not null,
    created_at timestamptz not null
  );
  `,
  // Versions before records waited for media's `created` event stored a 'pending' call when
  // they issued its token; those left are tokens never used, calls that never reached the
  // gateway (an event would have moved them on, and only an answered call can be rated). A
  // callback request that named one keeps its number and loses the link. From here a record
  // starts as 'created', said by the insert: no default stands in for a status.
  `
  update callback_requests set call_id = null
    where call_id in (select id from calls where status = 'pending');
  delete from calls where status = 'pending';
  alter table calls alter column status drop default;
  alter table calls add constraint calls_status_known
    check (status in ('created', 'ringing', 'answered', 'ended'));
  `,
  // Gateway nodes announce themselves every few seconds (api/src/gateways/); every API
  // instance places calls among the same ones. Stamped with the receiving instance's clock.
  `
  create table gateway_nodes (
    node_id text primary key,
    public_url text not null,
    capacity integer not null check (capacity > 0),
    calls_in_progress integer not null check (calls_in_progress >= 0),
    draining boolean not null,
    announced_at timestamptz not null
  );
  `,
  // The abuse limits every API instance shares, and call events that arrive before their
  // call's record (shared-limits-migration.ts).
  sharedLimitsMigration,
  // Personal data is erased once past API_RETENTION_DAYS (personal-data-retention.ts): the
  // stamp says a row's is gone, and each partial index holds only the rows still to erase,
  // so the sweep that finds none due reads a few index pages however long the tables grow.
  // An erased callback request keeps its row and status without its number.
  `
  alter table callback_requests alter column phone drop not null;
  alter table calls add column personal_data_erased_at timestamptz;
  alter table ratings add column personal_data_erased_at timestamptz;
  alter table callback_requests add column personal_data_erased_at timestamptz;
  create index calls_personal_data_kept on calls (created_at)
    where personal_data_erased_at is null;
  create index ratings_personal_data_kept on ratings (created_at)
    where personal_data_erased_at is null;
  create index callback_requests_personal_data_kept on callback_requests (created_at)
    where personal_data_erased_at is null;
  `,
  // A rating the visitor gave before media's report of the call reached the API (its delivery
  // is retried while the API restarts): held, then stored when the call's record shows it
  // answered and the visitor's, dropped when it shows otherwise (held-ratings.ts).
  `
  create table held_ratings (
    id uuid primary key,
    site_id text not null,
    session_id text not null,
    call_id uuid not null,
    idempotency_key text not null,
    request_hash text not null,
    stars integer not null check (stars between 1 and 5),
    comment text not null check (char_length(comment) <= 500),
    created_at timestamptz not null,
    unique (site_id, idempotency_key),
    unique (call_id, session_id)
  );
  create index held_ratings_session on held_ratings (session_id);
  create index held_ratings_created on held_ratings (created_at);
  `,
  // A call's record keeps the gateway node and process (boot id) that carried it, so that the
  // API can end it when that process is gone without reporting the end (killed, machine
  // lost): its node announced another boot id, or nothing for API_GATEWAY_LOST_AFTER_MS
  // (api/src/gateways/end-calls-of-gone-gateways.ts). `end_inferred` says why when the API
  // ended it so; media's own `ended` replaces that guess and clears it. The partial index
  // holds only the calls still open: an announcement's check reads a node's few.
  `
  alter table gateway_nodes add column boot_id text;
  alter table calls add column gateway_node text;
  alter table calls add column gateway_boot_id text;
  alter table calls add column end_inferred text
    check (end_inferred in ('gateway_restarted', 'gateway_lost'));
  create index calls_open_on_gateway on calls (gateway_node) where status <> 'ended';
  `,
  // A callback request naming a call whose record media has not reported yet (its reports
  // are retried while the API restarted): the request is stored at once, and its link to the
  // call waits here until the call's `created` lands (held-callback-links.ts).
  `
  create table held_callback_links (
    callback_id uuid primary key references callback_requests (id),
    call_id uuid not null,
    site_id text not null,
    session_id text not null,
    held_at timestamptz not null
  );
  create index held_callback_links_call on held_callback_links (call_id);
  create index held_callback_links_session on held_callback_links (session_id);
  create index held_callback_links_held on held_callback_links (held_at);
  `,
  // The webhook outbox (api/src/storage/webhook-outbox.ts, api/src/webhooks/): an event is
  // written in the transaction of the record it tells of, then fanned out to one delivery per
  // endpoint that wants it (fanned_out_at set), each tried on a schedule and every attempt
  // logged. A delivery is claimed by moving its next_attempt_at past its send (a lease), with
  // FOR UPDATE SKIP LOCKED: two API instances never send it at once, and one that dies while
  // sending leaves it due again when the lease ends. The partial indexes hold only the work
  // still to do. Deleted whole past API_RETENTION_DAYS: a callback's body holds its number.
  `
  create table webhook_events (
    id uuid primary key,
    site_id text not null,
    type text not null,
    body text not null,
    created_at timestamptz not null,
    fanned_out_at timestamptz
  );
  create index webhook_events_to_fan_out on webhook_events (created_at)
    where fanned_out_at is null;
  create index webhook_events_created on webhook_events (created_at);
  create table webhook_deliveries (
    id uuid primary key,
    event_id uuid not null references webhook_events (id) on delete cascade,
    site_id text not null,
    endpoint_id text not null,
    event_type text not null,
    status text not null check (status in ('pending', 'delivered', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_status_code integer,
    last_error text,
    created_at timestamptz not null,
    delivered_at timestamptz,
    unique (event_id, endpoint_id)
  );
  create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
    where status = 'pending';
  create index webhook_deliveries_created on webhook_deliveries (created_at);
  create table webhook_attempts (
    delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
    attempt integer not null,
    started_at timestamptz not null,
    duration_ms integer not null,
    status_code integer,
    error text,
    primary key (delivery_id, attempt)
  );
  `,
  // Supervisors' second factor (TOTP), with the last time step used (a code counts once), and
  // the audit log of sign-ins and actions on callbacks (api/src/audit/audit-log.ts): only ever
  // added to.
  `
  alter table supervisor_users add column totp_secret text, add column totp_last_step bigint;
  create table audit_log (
    id bigserial primary key,
    at timestamptz not null,
    actor text not null,
    action text not null,
    outcome text not null check (outcome in ('success', 'failure')),
    method text,
    subject text,
    site_id text,
    detail text
  );
  `,
  // The worklist (issue 16; api/src/storage/sql-worklist-store.ts): callback requests and
  // calls the visitor abandoned before an answer share one list, each with a status (now also
  // `unreachable`), who took it and notes. An abandoned call's work is stored from the first
  // action on it; until then it is `new`, read from the call itself.
  `
  alter table callback_requests drop constraint if exists callback_requests_status_check;
  alter table callback_requests add constraint callback_requests_status_check
    check (status in ('new', 'in_progress', 'done', 'unreachable'));
  alter table callback_requests add column assignee text, add column notes text;
  create table abandoned_call_work (
    call_id uuid primary key references calls (id),
    site_id text not null,
    status text not null default 'new'
      check (status in ('new', 'in_progress', 'done', 'unreachable')),
    status_by text,
    status_at timestamptz,
    assignee text,
    notes text
  );
  `,
  // The site's notice the visitor accepted before the call (protocol/api/consent-notice.ts):
  // its version, language, the SHA-256 of the text shown and when the API took it; null when
  // the site had none. Set once, from the call token's claims, like the connection test.
  `
  alter table calls add column if not exists consent jsonb;
  `,
  // Where the visitor asked for a callback, when the rest cannot tell (protocol/api/
  // callback-request.ts): `long_wait`, the offer under a long expected wait; null otherwise.
  `
  alter table callback_requests add column if not exists origin text;
  `,
];
