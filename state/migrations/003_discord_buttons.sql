-- The arguments of Discord "more" buttons too long for a custom_id, by the
-- key the custom_id names them with, for every shard.
CREATE TABLE discord_buttons (
	key        text PRIMARY KEY,
	arg        text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()  -- refreshed when made again
);
CREATE INDEX discord_buttons_created_at ON discord_buttons (created_at);
