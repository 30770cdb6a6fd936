-- Agents as SCD type 2 from the roster. Key: (agent_id, valid_from). A row is valid on local dates
-- valid_from <= d < valid_to (valid_to null: still valid). A move adds a row; it never rewrites history.
-- role: agent, team_lead, management, or left (a leaver from valid_from on). is_current: the agent's latest
-- row (possibly dated in the future); access as of a day follows valid_from/valid_to, not this flag.
-- Names agents: no column statistics in the log, and a short log (README, Erasure: forget --agent).
CREATE TABLE IF NOT EXISTS silver.dim_agent (
  agent_id         STRING NOT NULL,
  login            STRING NOT NULL,
  full_name        STRING,
  email            STRING,
  telephony_id     STRING,
  crm_user_id      STRING,
  team_id          STRING,
  team_name        STRING,
  team_lead_login  STRING,
  role             STRING NOT NULL,
  valid_from       DATE NOT NULL,
  valid_to         DATE,
  is_current       BOOLEAN NOT NULL
) USING delta
TBLPROPERTIES (
  'delta.dataSkippingNumIndexedCols' = '0',
  'delta.logRetentionDuration' = 'interval 7 days',
  'delta.checkpointRetentionDuration' = 'interval 2 days'
)
LOCATION '${location}'
