-- The hub's schema: members (bearer tokens, kept only as hashes) and the team event log.
-- Requests never run as the owner: each one runs in a transaction under hub_agent or
-- hub_supervisor with hub.team (and hub.agent) set by hub_enter(), and the policies below,
-- forced on the owner too, decide what that member sees and writes.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_agent') THEN CREATE ROLE hub_agent NOLOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_supervisor') THEN CREATE ROLE hub_supervisor NOLOGIN; END IF;
END $$;
-- The hub's own login switches into the request roles (SET LOCAL ROLE needs membership).
GRANT hub_agent, hub_supervisor TO CURRENT_USER;

CREATE TABLE members (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team text NOT NULL CHECK (team <> ''),
  role text NOT NULL CHECK (role IN ('agent', 'supervisor')),
  name text NOT NULL CHECK (name <> ''),
  token_hash bytea NOT NULL UNIQUE,
  -- The token's first characters, so that `revoke <prefix>` finds it; too short to guess the rest.
  token_prefix text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
REVOKE ALL ON members FROM PUBLIC;

-- Stored order: writers of one team take turns (see hub_lock_team), so within a team a seq
-- never becomes visible after a greater one and a reader's cursor never skips a row.
CREATE SEQUENCE event_seq;

CREATE TABLE events (
  team text COLLATE "C" NOT NULL DEFAULT current_setting('hub.team') CHECK (team <> ''),
  seq bigint NOT NULL DEFAULT nextval('event_seq'),
  -- The event as received (one events.ndjson line); json, not jsonb, keeps its text as is.
  body json NOT NULL,
  id text COLLATE "C" GENERATED ALWAYS AS (body ->> 'id') STORED,
  at text COLLATE "C" GENERATED ALWAYS AS (body ->> 'at') STORED,
  -- Whose fact this is (docs/formats.md): derived here from the event itself, so that the policies
  -- do not trust the application to say it. NULL: anyone's (customer and bot messages,
  -- signature or unattributed replies, links).
  owner text GENERATED ALWAYS AS (
    CASE
      WHEN body ->> 'type' IN ('agent', 'status', 'close', 'return_to_bot') THEN body ->> 'agent'
      WHEN body ->> 'type' = 'message' AND body ->> 'by' = 'agent' AND body ->> 'attribution' = 'local' THEN body ->> 'agent'
    END
  ) STORED,
  -- For a link: the id of the message it supersedes, which no longer counts in reports.
  supersedes text COLLATE "C",
  PRIMARY KEY (team, id)
);
CREATE UNIQUE INDEX events_team_seq ON events (team, seq);
CREATE INDEX events_team_supersedes ON events (team, supersedes) WHERE supersedes IS NOT NULL;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;

-- Outside a request transaction the settings are unset or '' and match no team.
CREATE POLICY supervisor_team ON events TO hub_supervisor
  USING (team = current_setting('hub.team', true))
  WITH CHECK (team = current_setting('hub.team', true));
-- An agent reads and writes its own facts and anyone's, in its team; never another agent's.
CREATE POLICY agent_own ON events TO hub_agent
  USING (team = current_setting('hub.team', true) AND (owner IS NULL OR owner = current_setting('hub.agent', true)))
  WITH CHECK (team = current_setting('hub.team', true) AND (owner IS NULL OR owner = current_setting('hub.agent', true)));

GRANT SELECT, INSERT, UPDATE ON events TO hub_agent, hub_supervisor;
GRANT USAGE ON SEQUENCE event_seq TO hub_agent, hub_supervisor;

-- Starts a request: the member holding the token (hashed), its identity set for this
-- transaction only, and the request role taken. No row: no such token, or revoked.
CREATE FUNCTION hub_enter(hash bytea) RETURNS TABLE (team text, role text, name text)
LANGUAGE plpgsql AS $$
DECLARE
  m members;
BEGIN
  SELECT * INTO m FROM members AS x WHERE x.token_hash = hash AND x.revoked_at IS NULL;
  IF NOT FOUND THEN RETURN; END IF;
  PERFORM set_config('hub.team', m.team, true), set_config('hub.agent', m.name, true), set_config('role', 'hub_' || m.role, true);
  RETURN QUERY SELECT m.team, m.role, m.name;
END
$$;
REVOKE ALL ON FUNCTION hub_enter(bytea) FROM PUBLIC;

-- Writers of one team queue here until their transaction ends (see event_seq).
CREATE FUNCTION hub_lock_team() RETURNS void
LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(hashtext(current_setting('hub.team'))) $$;
