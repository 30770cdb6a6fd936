-- Teams as SCD type 2, derived from the roster. Key: (team_id, valid_from).
CREATE TABLE IF NOT EXISTS silver.dim_team (
  team_id          STRING NOT NULL,
  team_name        STRING,
  team_lead_login  STRING,
  valid_from       DATE NOT NULL,
  valid_to         DATE,
  is_current       BOOLEAN NOT NULL
) USING delta
LOCATION '${location}'
