CREATE TABLE "participant_removals" (
	"ticket_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"removed_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participant_removals_ticket_id_person_id_pk" PRIMARY KEY("ticket_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "participant_removals" ADD CONSTRAINT "participant_removals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_removals" ADD CONSTRAINT "participant_removals_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_removals" ADD CONSTRAINT "participant_removals_removed_by_id_people_id_fk" FOREIGN KEY ("removed_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;