-- What each feedback button votes on, by the key its callback data names,
-- for every replica: a press may reach another process than the one that
-- sent the answer.
CREATE TABLE ballots (
	key        text PRIMARY KEY,
	question   text NOT NULL,
	article    text NOT NULL,
	sentence   integer NOT NULL,
	quote      text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()  -- refreshed when made again
);
CREATE INDEX ballots_created_at ON ballots (created_at);
