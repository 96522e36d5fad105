-- The officers' queues (issue 10). Queues select by the agency holding a dossier (the last agency
-- of a liên thông, else the receiving one) and its state; history by the officer's own events;
-- search by applicant name without diacritics (immutable_unaccent, migration 0001), ID number, phone.
CREATE INDEX IF NOT EXISTS dossiers_holding_state_idx ON dossiers
  ((coalesce(snapshot->'context'->'agencyStack'->>-1, receiving_agency_id::text)), state_path);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossiers_assigned_unit_idx ON dossiers (assigned_unit_id);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossiers_applicant_name_search_idx ON dossiers USING gin (immutable_unaccent(applicant_name) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossiers_applicant_id_number_idx ON dossiers (applicant_id_number);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossiers_applicant_phone_idx ON dossiers (applicant_phone);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossier_events_actor_idx ON dossier_events (actor_user_id, dossier_id);
