-- Custom migration (issue 8): dossier_events is append-only. Rows can be inserted, never changed
-- or removed, whoever connects; the hash chain (db/event-chain.ts, npm run audit:verify) then shows
-- any change made by someone who drops this trigger first. DROP DATABASE still works, and no
-- foreign key cascades into dossier_events (dossier_id and actor_user_id have no ON DELETE action).
CREATE OR REPLACE FUNCTION dossier_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_events is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'History is corrected by appending an event, never by editing one.';
END;
$$;--> statement-breakpoint
CREATE TRIGGER dossier_events_no_update_delete BEFORE UPDATE OR DELETE ON dossier_events
  FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only();--> statement-breakpoint
CREATE TRIGGER dossier_events_no_truncate BEFORE TRUNCATE ON dossier_events
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_events_append_only();
