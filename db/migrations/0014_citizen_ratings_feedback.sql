CREATE TABLE "dossier_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"agency_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"transaction_id" text,
	CONSTRAINT "dossier_feedback_answer_check" CHECK (("dossier_feedback"."answer" is null) = ("dossier_feedback"."answered_at" is null) and ("dossier_feedback"."answered_at" is null) = ("dossier_feedback"."answered_by" is null))
);
--> statement-breakpoint
CREATE TABLE "dossier_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"dossier_id" uuid NOT NULL,
	"agency_id" integer NOT NULL,
	"procedure_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"score" smallint NOT NULL,
	"criteria" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_ratings_score_check" CHECK ("dossier_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "dossier_feedback" ADD CONSTRAINT "dossier_feedback_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_feedback" ADD CONSTRAINT "dossier_feedback_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_feedback" ADD CONSTRAINT "dossier_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_feedback" ADD CONSTRAINT "dossier_feedback_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_ratings" ADD CONSTRAINT "dossier_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dossier_feedback_dossier_idx" ON "dossier_feedback" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_feedback_agency_open_idx" ON "dossier_feedback" USING btree ("agency_id") WHERE "dossier_feedback"."answered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_feedback_transaction_idx" ON "dossier_feedback" USING btree ("dossier_id","transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_ratings_dossier_idx" ON "dossier_ratings" USING btree ("dossier_id");--> statement-breakpoint
CREATE INDEX "dossier_ratings_agency_idx" ON "dossier_ratings" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "dossier_ratings_procedure_idx" ON "dossier_ratings" USING btree ("procedure_id");