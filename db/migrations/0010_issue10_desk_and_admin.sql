CREATE TABLE "admin_audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_user_id" integer,
	"entity" text NOT NULL,
	"entity_key" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_templates" (
	"template" text NOT NULL,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_templates_template_language_pk" PRIMARY KEY("template","language")
);
--> statement-breakpoint
CREATE TABLE "result_drafts" (
	"dossier_id" uuid PRIMARY KEY NOT NULL,
	"template" text NOT NULL,
	"title" text NOT NULL,
	"fields" jsonb NOT NULL,
	"appraisal_note" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_handovers" (
	"id" serial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"event_id" bigint,
	"recipient_name" text NOT NULL,
	"recipient_id_number" text NOT NULL,
	"relation" text NOT NULL,
	"handed_at" timestamp with time zone NOT NULL,
	"handed_by" integer,
	CONSTRAINT "result_handovers_dossier_id_unique" UNIQUE("dossier_id")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "place_name" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "head_title" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "abbreviation" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "office_hours" jsonb;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "assigned_user_id" integer;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "assigned_unit_id" integer;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "intake_checklist" jsonb;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "result_symbol" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "signing_certificate_pem" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "signing_certificate_sha256" text;--> statement-breakpoint
ALTER TABLE "admin_audit_log" ADD CONSTRAINT "admin_audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_templates" ADD CONSTRAINT "mail_templates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_drafts" ADD CONSTRAINT "result_drafts_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_drafts" ADD CONSTRAINT "result_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_handovers" ADD CONSTRAINT "result_handovers_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_handovers" ADD CONSTRAINT "result_handovers_event_id_dossier_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."dossier_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_handovers" ADD CONSTRAINT "result_handovers_handed_by_users_id_fk" FOREIGN KEY ("handed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_audit_entity_idx" ON "admin_audit_log" USING btree ("entity","entity_key");--> statement-breakpoint
CREATE INDEX "admin_audit_time_idx" ON "admin_audit_log" USING btree ("occurred_at");--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_assigned_unit_id_agencies_id_fk" FOREIGN KEY ("assigned_unit_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_agencies_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossiers_assigned_user_idx" ON "dossiers" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "dossiers_due_idx" ON "dossiers" USING btree ("due_at");