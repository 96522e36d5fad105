CREATE TABLE "dossier_reminders" (
	"dossier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dossier_reminders_dossier_id_kind_due_at_pk" PRIMARY KEY("dossier_id","kind","due_at")
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_kind_check";--> statement-breakpoint
ALTER TABLE "dossier_reminders" ADD CONSTRAINT "dossier_reminders_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_kind_check" CHECK ("attachments"."kind" in ('submission','supplement','draftResult','result','receipt','supplementRequest','refusal','apology','stopNotice'));