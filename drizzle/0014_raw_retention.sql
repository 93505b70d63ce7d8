ALTER TABLE "inbound_messages" ALTER COLUMN "raw" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "raw_cleared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_raw_or_cleared" CHECK (("inbound_messages"."raw" is null) = ("inbound_messages"."raw_cleared_at" is not null));