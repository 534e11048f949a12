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
];
