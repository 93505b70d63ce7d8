ALTER TABLE "inbound_messages" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "name_verified" boolean DEFAULT false NOT NULL;