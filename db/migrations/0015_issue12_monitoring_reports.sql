CREATE TABLE "periodic_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"frequency" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"agency_id" integer,
	"number" text,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "periodic_reports_frequency_check" CHECK ("periodic_reports"."frequency" in ('monthly','quarterly'))
);
--> statement-breakpoint
CREATE TABLE "report_agency_rollup" (
	"month" date NOT NULL,
	"agency_id" integer NOT NULL,
	"channel" smallint NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"awaiting" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"stopped" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"overdue_open" integer DEFAULT 0 NOT NULL,
	"open_within_time" integer DEFAULT 0 NOT NULL,
	"paused" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"apologised" integer DEFAULT 0 NOT NULL,
	"forwarded" integer DEFAULT 0 NOT NULL,
	"online_partial" integer DEFAULT 0 NOT NULL,
	"online_full" integer DEFAULT 0 NOT NULL,
	"fee_due" integer DEFAULT 0 NOT NULL,
	"paid_online" integer DEFAULT 0 NOT NULL,
	"digitised" integer DEFAULT 0 NOT NULL,
	"result_digitised" integer DEFAULT 0 NOT NULL,
	"synced" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_agency_rollup_month_agency_id_channel_pk" PRIMARY KEY("month","agency_id","channel")
);
--> statement-breakpoint
CREATE TABLE "report_monthly_rollup" (
	"month" date NOT NULL,
	"agency_id" integer NOT NULL,
	"procedure_id" integer NOT NULL,
	"channel" smallint NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"awaiting" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"stopped" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"overdue_open" integer DEFAULT 0 NOT NULL,
	"open_within_time" integer DEFAULT 0 NOT NULL,
	"paused" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"apologised" integer DEFAULT 0 NOT NULL,
	"forwarded" integer DEFAULT 0 NOT NULL,
	"online_partial" integer DEFAULT 0 NOT NULL,
	"online_full" integer DEFAULT 0 NOT NULL,
	"fee_due" integer DEFAULT 0 NOT NULL,
	"paid_online" integer DEFAULT 0 NOT NULL,
	"digitised" integer DEFAULT 0 NOT NULL,
	"result_digitised" integer DEFAULT 0 NOT NULL,
	"synced" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_monthly_rollup_month_agency_id_procedure_id_channel_pk" PRIMARY KEY("month","agency_id","procedure_id","channel")
);
--> statement-breakpoint
CREATE TABLE "report_procedure_rollup" (
	"month" date NOT NULL,
	"procedure_id" integer NOT NULL,
	"channel" smallint NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"awaiting" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"stopped" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"overdue_open" integer DEFAULT 0 NOT NULL,
	"open_within_time" integer DEFAULT 0 NOT NULL,
	"paused" integer DEFAULT 0 NOT NULL,
	"resolved" integer DEFAULT 0 NOT NULL,
	"early" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"apologised" integer DEFAULT 0 NOT NULL,
	"forwarded" integer DEFAULT 0 NOT NULL,
	"online_partial" integer DEFAULT 0 NOT NULL,
	"online_full" integer DEFAULT 0 NOT NULL,
	"fee_due" integer DEFAULT 0 NOT NULL,
	"paid_online" integer DEFAULT 0 NOT NULL,
	"digitised" integer DEFAULT 0 NOT NULL,
	"result_digitised" integer DEFAULT 0 NOT NULL,
	"synced" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_procedure_rollup_month_procedure_id_channel_pk" PRIMARY KEY("month","procedure_id","channel")
);
--> statement-breakpoint
CREATE TABLE "report_recipients" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"agency_id" integer,
	"frequency" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_recipients_frequency_check" CHECK ("report_recipients"."frequency" in ('monthly','quarterly'))
);
--> statement-breakpoint
CREATE TABLE "report_refreshes" (
	"id" serial PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"rows" integer NOT NULL,
	"trigger" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "periodic_reports" ADD CONSTRAINT "periodic_reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_recipients" ADD CONSTRAINT "report_recipients_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_recipients" ADD CONSTRAINT "report_recipients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "periodic_reports_period_idx" ON "periodic_reports" USING btree ("frequency","period_start",coalesce("agency_id", 0));--> statement-breakpoint
CREATE INDEX "report_monthly_rollup_agency_idx" ON "report_monthly_rollup" USING btree ("agency_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "report_recipients_unique_idx" ON "report_recipients" USING btree ("email","frequency",coalesce("agency_id", 0));--> statement-breakpoint
CREATE INDEX "dossiers_report_period_idx" ON "dossiers" USING btree (coalesce("received_at", "submitted_at"));