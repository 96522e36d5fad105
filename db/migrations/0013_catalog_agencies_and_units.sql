CREATE TABLE "administrative_units" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"is_sample" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_agencies" (
	"procedure_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	CONSTRAINT "procedure_agencies_procedure_id_agency_id_pk" PRIMARY KEY("procedure_id","agency_id")
);
--> statement-breakpoint
ALTER TABLE "administrative_units" ADD CONSTRAINT "administrative_units_parent_code_administrative_units_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."administrative_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_agencies" ADD CONSTRAINT "procedure_agencies_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_agencies" ADD CONSTRAINT "procedure_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "administrative_units_parent_idx" ON "administrative_units" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "procedure_agencies_agency_idx" ON "procedure_agencies" USING btree ("agency_id");