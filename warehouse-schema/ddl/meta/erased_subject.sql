-- The erasure registry: one row per identifier `forget` erased, so that no later ingest brings the person back
-- (a re-delivered or rotated landing file, a re-extracted CRM page, a re-sent roster). Key: (kind, subject_hash,
-- valid_from). subject_hash is the keyed hash (the pseudonymisation key's HMAC) erasure compares rows with; the
-- clear value is never stored.
-- kind: caller (phone number), requester (CRM requester id), ticket (a CRM ticket an erased requester asked: its
-- metrics and ratings name no requester); for an erased agent: agent (agent_id), login, name, email, crm_user,
-- member (telephony_id, the queue_log member name) and extension (its part after the last '/', a CDR src).
-- replaced_by: the anonymous id an agent's identifiers are replaced with, in the warehouse and at every later
-- ingest, so their records still count for their team; null where records are dropped at ingest (rows_erased).
-- valid_from / valid_to (local dates, valid_to exclusive): the days an identifier that passes from one person to
-- the next (a member, an extension, a login) was the erased agent's; null for identifiers that are theirs alone.
CREATE TABLE IF NOT EXISTS meta.erased_subject (
  subject_hash   STRING NOT NULL,
  kind           STRING NOT NULL,
  replaced_by    STRING,
  valid_from     DATE,
  valid_to       DATE,
  erased_at      TIMESTAMP NOT NULL
) USING delta
LOCATION '${location}'
