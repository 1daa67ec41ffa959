-- The Telegram update ledger. An update is claimed by the replica that
-- answers it, for a lease it renews while it answers, and marked done
-- after; a claim whose lease ran out (its replica died) is taken over.
CREATE TABLE telegram_updates (
	bot_id     bigint NOT NULL,
	update_id  bigint NOT NULL,
	replica    text NOT NULL,         -- the process that claimed it last
	expires_at timestamptz NOT NULL,  -- when its claim's lease ends
	done_at    timestamptz,           -- handled; NULL while it is answered
	PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX telegram_updates_done_at ON telegram_updates (bot_id, done_at);

-- Long polling's offset: every update below next is handled and confirmed.
CREATE TABLE telegram_offsets (
	bot_id bigint PRIMARY KEY,
	next   bigint NOT NULL
);
