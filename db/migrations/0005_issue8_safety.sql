CREATE TABLE "pending_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_user_id" integer NOT NULL,
	"document_name" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "register_counters" (
	"agency_id" integer NOT NULL,
	"book" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "register_counters_agency_id_book_year_pk" PRIMARY KEY("agency_id","book","year"),
	CONSTRAINT "register_counters_book_check" CHECK ("register_counters"."book" in ('result','birth'))
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer NOT NULL,
	"book" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"dossier_id" uuid NOT NULL,
	"event_id" bigint,
	"document_date" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_entries_number" UNIQUE("agency_id","book","year","number"),
	CONSTRAINT "register_entries_one_per_dossier" UNIQUE("dossier_id","book"),
	CONSTRAINT "register_entries_book_check" CHECK ("register_entries"."book" in ('result','birth'))
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_kind_check";--> statement-breakpoint
ALTER TABLE "user_roles" DROP CONSTRAINT "user_roles_role_check";--> statement-breakpoint
DROP INDEX "attachments_one_form_idx";--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "seal_applied_by" text DEFAULT 'clerk' NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "event_id" bigint;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "transaction_id" text;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "dossier_version" integer;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD COLUMN "hash_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "verification_token" text DEFAULT gen_random_uuid()::text NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "active_role" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "active_agency_id" integer;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD CONSTRAINT "pending_uploads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_counters" ADD CONSTRAINT "register_counters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_entries" ADD CONSTRAINT "register_entries_event_id_dossier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_uploads_owner_idx" ON "pending_uploads" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "pending_uploads_created_idx" ON "pending_uploads" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_event_id_dossier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_one_per_event_idx" ON "attachments" USING btree ("dossier_id","kind","event_id") WHERE "attachments"."event_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_events_transaction_idx" ON "dossier_events" USING btree ("dossier_id","transaction_id");--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_verification_token_unique" UNIQUE("verification_token");--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_seal_applied_by_check" CHECK ("agencies"."seal_applied_by" in ('clerk','system'));--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_kind_check" CHECK ("attachments"."kind" in ('submission','supplement','draftResult','result','signingCopy','receipt','supplementRequest','refusal','apology','stopNotice'));--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_role_check" CHECK ("user_roles"."role" in ('citizen','desk','specialist','unitHead','leader','clerk','admin','monitor'));