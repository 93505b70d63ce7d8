CREATE TABLE "oauth2_refresh_tokens" (
	"lineage" text PRIMARY KEY NOT NULL,
	"sealed" text NOT NULL,
	"rotated_at" timestamp with time zone NOT NULL
);
