-- Each chat's /article: the article it picked.
CREATE TABLE chat_articles (
	chat       text PRIMARY KEY,      -- platform-qualified: telegram:42, discord:1200…
	article    text NOT NULL,         -- the article's id in the library
	updated_at timestamptz NOT NULL DEFAULT now()
);
