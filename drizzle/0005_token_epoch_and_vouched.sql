ALTER TABLE "participants" ADD COLUMN "vouched" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "token_epoch" integer DEFAULT 0 NOT NULL;