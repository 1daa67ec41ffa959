-- Articles added from links: the article as a corpus .md file, for the
-- library of the chat that added it, or of every chat.
CREATE TABLE link_articles (
	id       text PRIMARY KEY,        -- the article's id in the library
	url      text NOT NULL,           -- its canonical address
	chat     text NOT NULL,           -- the chat that added it; '': shared
	text     text NOT NULL,           -- front matter and body
	added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_articles_url ON link_articles (url);
