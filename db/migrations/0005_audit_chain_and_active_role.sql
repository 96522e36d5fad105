ALTER TABLE "dossier_events" ADD COLUMN "transaction_id" text;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "dossier_version" integer;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "hash_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "active_role" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "active_agency_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_events_transaction_idx" ON "dossier_events" USING btree ("dossier_id","transaction_id");