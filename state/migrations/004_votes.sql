-- Feedback: one vote per user and answer quote (question, article,
-- sentence); a new vote replaces the old.
CREATE TABLE votes (
	platform text NOT NULL,
	chat     text NOT NULL,
	user_key text NOT NULL,           -- platform-qualified, never a name
	question text NOT NULL,           -- as asked
	article  text NOT NULL,
	sentence integer NOT NULL,        -- the quoted sentence, from 0
	quote    text NOT NULL,           -- its text, verbatim
	up       boolean NOT NULL,
	at       timestamptz NOT NULL,
	PRIMARY KEY (user_key, question, article, sentence)
);
CREATE INDEX votes_at ON votes (at);
