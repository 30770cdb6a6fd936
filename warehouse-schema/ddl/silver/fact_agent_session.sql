-- Time segments of an agent's sessions, split at local midnight. Key: (agent_id, member, segment, start_utc).
-- segment 'logged_in': from AGENTLOGIN or the first ADDMEMBER to AGENTLOGOFF or the last REMOVEMEMBER.
-- segment 'paused': PAUSE/PAUSEALL to UNPAUSE/UNPAUSEALL or session end, inside a session; is_acw when the
-- reason is one of acw_pause_reasons. is_open: the segment has not ended yet and was closed at the newest
-- event time seen so far; later data extends it.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.fact_agent_session (
  date_local    DATE NOT NULL,
  agent_id      STRING NOT NULL,
  member        STRING NOT NULL,
  segment       STRING NOT NULL,
  reason        STRING,
  is_acw        BOOLEAN NOT NULL,
  start_utc     TIMESTAMP NOT NULL,
  end_utc       TIMESTAMP NOT NULL,
  seconds       BIGINT NOT NULL,
  is_open       BOOLEAN NOT NULL
) USING delta
PARTITIONED BY (date_local)
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
