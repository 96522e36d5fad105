CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"identifier" text,
	"identifier_is_sample" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" integer,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_identifier_unique" UNIQUE("identifier"),
	CONSTRAINT "agencies_level_check" CHECK ("agencies"."level" in ('province','district','commune')),
	CONSTRAINT "agencies_kind_check" CHECK ("agencies"."kind" in ('government','department','desk','unit'))
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document_name" text,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_kind_check" CHECK ("attachments"."kind" in ('submission','receipt','draftResult','result','refusal','supplement'))
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	CONSTRAINT "calendar_days_kind_check" CHECK ("calendar_days"."kind" in ('holiday','makeUpWorkingDay'))
);
--> statement-breakpoint
CREATE TABLE "dossier_code_counters" (
	"agency_id" integer NOT NULL,
	"day" date NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "dossier_code_counters_agency_id_day_pk" PRIMARY KEY("agency_id","day")
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"actor_user_id" integer,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"from_status" smallint,
	"to_status" smallint NOT NULL,
	"note" text,
	"effects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "dossier_events_seq" UNIQUE("dossier_id","seq")
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"procedure_id" integer NOT NULL,
	"workflow_version_id" integer NOT NULL,
	"receiving_agency_id" integer NOT NULL,
	"applicant_user_id" integer,
	"applicant_name" text NOT NULL,
	"applicant_id_number" text NOT NULL,
	"applicant_phone" text NOT NULL,
	"applicant_email" text,
	"applicant_address" text NOT NULL,
	"channel" smallint NOT NULL,
	"result_delivery" smallint NOT NULL,
	"form_data" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"status" smallint NOT NULL,
	"state_path" text NOT NULL,
	"step_key" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"step_due_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossiers_code_unique" UNIQUE("code"),
	CONSTRAINT "dossiers_status_check" CHECK ("dossiers"."status" between 1 and 10),
	CONSTRAINT "dossiers_channel_check" CHECK ("dossiers"."channel" in (1, 2, 3)),
	CONSTRAINT "dossiers_result_delivery_check" CHECK ("dossiers"."result_delivery" in (0, 1, 2))
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"field" text NOT NULL,
	"level" text NOT NULL,
	"agency_id" integer NOT NULL,
	"service_mode" text NOT NULL,
	"allowance" jsonb NOT NULL,
	"online_allowance" jsonb,
	"time_note" text,
	"fee_amount" integer DEFAULT 0 NOT NULL,
	"fee_note" text,
	"result_name" text NOT NULL,
	"result_template" text DEFAULT 'generic' NOT NULL,
	"legal_basis" text,
	"documents" jsonb NOT NULL,
	"form_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" integer NOT NULL,
	"role" text NOT NULL,
	"agency_id" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "user_roles_user_id_role_agency_id_pk" PRIMARY KEY("user_id","role","agency_id"),
	CONSTRAINT "user_roles_role_check" CHECK ("user_roles"."role" in ('citizen','desk','specialist','unitHead','leader','admin','monitor'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"full_name" text NOT NULL,
	"email" text,
	"phone" text,
	"id_number" text,
	"address" text,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "workflow_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"procedure_id" integer NOT NULL,
	"machine_id" text NOT NULL,
	"version" integer NOT NULL,
	"steps" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_versions_machine_version" UNIQUE("machine_id","version")
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_code_counters" ADD CONSTRAINT "dossier_code_counters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_events" ADD CONSTRAINT "dossier_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_workflow_version_id_workflow_versions_id_fk" FOREIGN KEY ("workflow_version_id") REFERENCES "public"."workflow_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_receiving_agency_id_agencies_id_fk" FOREIGN KEY ("receiving_agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "attachments_dossier_idx" ON "attachments" USING btree ("dossier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_one_result_idx" ON "attachments" USING btree ("dossier_id") WHERE "attachments"."kind" = 'result';--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_idempotency_idx" ON "dossiers" USING btree ("applicant_user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "dossiers_status_agency_idx" ON "dossiers" USING btree ("receiving_agency_id","status");--> statement-breakpoint
CREATE INDEX "dossiers_applicant_idx" ON "dossiers" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE INDEX "procedures_field_idx" ON "procedures" USING btree ("field");