-- Accounts, sessions, API tokens (INFO-4) and the tamper-evident audit log.

create table app_user (
  id serial primary key,
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  display_name text not null,
  role text not null
    check (role in ('admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board', 'practice')),
  practice_code text references practice (code),
  password_hash text not null,
  -- Demo accounts sign in only while the server runs in demo mode.
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  check ((role = 'practice') = (practice_code is not null))
);

-- Server-side sessions: the cookie holds a random id; only its SHA-256 is stored.
create table user_session (
  id_hash text primary key,
  user_id integer not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_session_user_idx on user_session (user_id);

-- Personal API tokens for scripts; only the SHA-256 of the token is stored.
create table api_token (
  id serial primary key,
  user_id integer not null references app_user (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only: each entry carries the hash of the previous one, so `hub audit verify`
-- detects any edit, deletion or insertion in the middle of the chain.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  entity_type text not null,
  entity_id text not null,
  outcome text not null check (outcome in ('ok', 'denied', 'failed')),
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null unique
);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
