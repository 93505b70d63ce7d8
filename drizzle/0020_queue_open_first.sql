DROP INDEX "tickets_queue_order_idx";--> statement-breakpoint
CREATE INDEX "tickets_queue_order_idx" ON "tickets" USING btree (("status" = 'closed'),("priority" = 'urgent') desc,"created_at");