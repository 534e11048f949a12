/**
 * A migration step (listed in migrations.ts): the abuse limits every API instance shares
 * (api/src/abuse/limit-store.ts), and call events held until their call's record exists.
 * Shipped steps are never edited: change these functions with `create or replace` in a new
 * step.
 *
 * The checks and takes of the requests an API instance has waiting go in one call of
 * `limits_admit_batch`, so one round trip. Every function that changes a key's holds or
 * bucket first takes the keys' advisory locks, always in the same order (limits_lock_keys),
 * and every statement after them reads afresh (READ COMMITTED takes a snapshot per statement
 * in a function): two instances checking the same key one after the other see each other's
 * calls, where a lone statement would read from before it waited. PGlite runs the same SQL.
 */
export const sharedLimitsMigration = `
  -- Rate limits as token buckets: tokens left at \`at\`, refilled evenly over a minute; a row
  -- missing is a full bucket, so one untouched for a minute may go.
  create table rate_buckets (
    key text primary key,
    tokens double precision not null,
    at timestamptz not null
  );
  create index rate_buckets_at on rate_buckets (at);
  -- A call's place under a key's limit, until it is released or \`until\` passes.
  create table limit_holds (
    call_id uuid not null,
    key text not null,
    until timestamptz not null,
    follows_call boolean not null,
    primary key (call_id, key)
  );
  create index limit_holds_key_until on limit_holds (key, until);
  create index limit_holds_until on limit_holds (until);
  -- Holds per key, changed with them under the key's lock: a check reads one row.
  create table limit_counts (
    key text primary key,
    holds integer not null check (holds >= 0)
  );
  -- Events that reached an API instance before their call's \`created\` reached any:
  -- applied when it comes, forgotten a day later if it never does.
  create table early_call_events (
    event_id uuid primary key,
    call_id uuid not null,
    type text not null,
    at timestamptz not null,
    received_at timestamptz not null,
    body jsonb not null
  );
  create index early_call_events_call on early_call_events (call_id);
  create index early_call_events_received on early_call_events (received_at);

  -- The keys' locks until the transaction ends, taken in hash order (the sorted subquery's):
  -- whoever locks several at once never holds one that another, holding one it wants, waits
  -- for. 7301: the lock class of limit keys.
  create function limits_lock_keys(p_keys text[]) returns void language plpgsql as $fn$
  begin
    perform pg_advisory_xact_lock(7301, sorted.hash)
      from (select distinct hashtext(k) as hash from unnest(p_keys) as k order by 1) as sorted;
  end $fn$;

  -- Holds of these (locked) keys whose time passed stop counting.
  create function limits_expire_holds(p_keys text[], p_now timestamptz) returns void
  language sql as $fn$
    with gone as (
      delete from limit_holds where key = any(p_keys) and until <= p_now returning key
    ), lapsed as (select key, count(*)::integer as n from gone group by key)
    update limit_counts c set holds = c.holds - lapsed.n from lapsed where c.key = lapsed.key;
  $fn$;

  -- Admits a batch of requests in order, as if one after the other: each takes all its holds
  -- (a place under each key's limit) and one token of each of its rates, or nothing. Returns
  -- a row per request, in order: its first full hold (1-based, among its own), else its rate
  -- with the longest wait, else nulls (admitted). The keys' state is read once, decided on in
  -- arrays, and written once: in PGlite each statement costs more than a batch's decisions.
  -- Request r's holds are p_hold_* from the end of r-1's (p_hold_ends) to its own, and its
  -- rates likewise; *_slots point into the batch's distinct keys (p_hold_keys, p_rate_keys).
  create function limits_admit_batch(
    p_now timestamptz,
    p_call_ids uuid[],
    p_hold_ends integer[],
    p_rate_ends integer[],
    p_hold_slots integer[],
    p_hold_limits integer[],
    p_hold_untils timestamptz[],
    p_hold_follows boolean[],
    p_rate_slots integer[],
    p_hold_keys text[],
    p_rate_keys text[],
    p_rate_per_minute double precision[]
  ) returns table (full_hold integer, refused_rate integer, retry_after_s double precision)
  language plpgsql as $fn$
  declare
    v_counts integer[];
    v_lapsed integer[];
    v_changed boolean[];
    v_tokens double precision[];
    v_spent boolean[];
    v_owner integer[];
    v_start_h integer := 1;
    v_start_r integer := 1;
    v_wait double precision;
    v_slot integer;
  begin
    perform limits_lock_keys(p_hold_keys || p_rate_keys);
    -- Holds whose time passed no longer count (and go in the write below). A missing bucket
    -- is full; a clock stepping back (NTP) must not drain one.
    select
      array(select coalesce(c.holds, 0) from unnest(p_hold_keys) with ordinality as h(key, i)
        left join limit_counts c on c.key = h.key order by h.i),
      array(select (select count(*) from limit_holds as l
          where l.key = h.key and l.until <= p_now)::integer
        from unnest(p_hold_keys) with ordinality as h(key, i) order by h.i),
      array(select case when b.key is null then r.per_minute
          else least(r.per_minute, b.tokens
            + r.per_minute * greatest(0, extract(epoch from p_now - b.at)::float8) / 60) end
        from unnest(p_rate_keys, p_rate_per_minute) with ordinality as r(key, per_minute, i)
        left join rate_buckets b on b.key = r.key order by r.i)
    into v_counts, v_lapsed, v_tokens;
    v_changed := array_fill(false, array[cardinality(p_hold_keys)]);
    for s in 1 .. cardinality(p_hold_keys) loop
      v_counts[s] := v_counts[s] - v_lapsed[s];
      v_changed[s] := v_lapsed[s] > 0;
    end loop;
    v_spent := array_fill(false, array[cardinality(p_rate_keys)]);
    v_owner := array_fill(0, array[cardinality(p_hold_slots)]);
    for r in 1 .. cardinality(p_call_ids) loop
      full_hold := null;
      refused_rate := null;
      retry_after_s := null;
      for h in v_start_h .. p_hold_ends[r] loop
        if v_counts[p_hold_slots[h]] >= p_hold_limits[h] then
          full_hold := h - v_start_h + 1;
          exit;
        end if;
      end loop;
      if full_hold is null then
        for x in v_start_r .. p_rate_ends[r] loop
          v_slot := p_rate_slots[x];
          v_wait := (1 - v_tokens[v_slot]) / p_rate_per_minute[v_slot] * 60;
          if v_wait > coalesce(retry_after_s, 0) then
            refused_rate := x - v_start_r + 1;
            retry_after_s := v_wait;
          end if;
        end loop;
      end if;
      if full_hold is null and refused_rate is null then
        for h in v_start_h .. p_hold_ends[r] loop
          v_slot := p_hold_slots[h];
          v_counts[v_slot] := v_counts[v_slot] + 1;
          v_changed[v_slot] := true;
          v_owner[h] := r;
        end loop;
        for x in v_start_r .. p_rate_ends[r] loop
          v_slot := p_rate_slots[x];
          v_tokens[v_slot] := v_tokens[v_slot] - 1;
          v_spent[v_slot] := true;
        end loop;
      end if;
      return next;
      v_start_h := p_hold_ends[r] + 1;
      v_start_r := p_rate_ends[r] + 1;
    end loop;
    with lapsed as (
      delete from limit_holds where key = any(p_hold_keys) and until <= p_now
    ), taken as (
      insert into limit_holds (call_id, key, until, follows_call)
      select p_call_ids[t.owner], p_hold_keys[t.slot], t.until, t.follows
      from unnest(v_owner, p_hold_slots, p_hold_untils, p_hold_follows)
        as t(owner, slot, until, follows)
      where t.owner > 0
    ), spent as (
      insert into rate_buckets (key, tokens, at)
      select b.key, b.tokens, p_now
      from unnest(p_rate_keys, v_tokens, v_spent) as b(key, tokens, spent)
      where b.spent
      on conflict (key) do update set tokens = excluded.tokens, at = excluded.at
    )
    insert into limit_counts (key, holds)
    select c.key, c.holds from unnest(p_hold_keys, v_counts, v_changed) as c(key, holds, changed)
    where c.changed
    on conflict (key) do update set holds = excluded.holds;
  end $fn$;

  -- The call's holds go (those that follow it, or all), each key's count with them.
  create function limits_release(p_call_id uuid, p_all boolean) returns void
  language plpgsql as $fn$
  begin
    perform limits_lock_keys(array(
      select key from limit_holds where call_id = p_call_id and (p_all or follows_call)));
    with gone as (
      delete from limit_holds where call_id = p_call_id and (p_all or follows_call)
      returning key
    )
    update limit_counts c set holds = c.holds - 1 from gone where c.key = gone.key;
  end $fn$;

  -- Media reported the call alive: its following holds last until p_until. Under the keys'
  -- locks, so no admission counts a hold as lapsed while it is being renewed.
  create function limits_extend(p_call_id uuid, p_until timestamptz) returns void
  language plpgsql as $fn$
  begin
    perform limits_lock_keys(array(
      select key from limit_holds where call_id = p_call_id and follows_call));
    update limit_holds set until = p_until where call_id = p_call_id and follows_call;
  end $fn$;

  -- One batch of keys that limit no one any more: lapsed holds, counts at zero, full
  -- buckets. Returns how many keys it looked at; 0 when nothing was left.
  create function limits_sweep(p_now timestamptz, p_batch integer) returns integer
  language plpgsql as $fn$
  declare
    v_keys text[];
  begin
    v_keys := array(
      (select key from limit_holds where until <= p_now limit p_batch)
      union (select key from limit_counts where holds = 0 limit p_batch)
      union (select key from rate_buckets where at <= p_now - interval '1 minute' limit p_batch));
    perform limits_lock_keys(v_keys);
    perform limits_expire_holds(v_keys, p_now);
    delete from limit_counts where key = any(v_keys) and holds = 0;
    delete from rate_buckets where key = any(v_keys) and at <= p_now - interval '1 minute';
    return cardinality(v_keys);
  end $fn$;
`;
