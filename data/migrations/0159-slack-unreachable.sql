-- People Slack refused a direct message to for good (their account deactivated, user_disabled,
-- account_inactive, user_not_found): Slack is not chosen for them for a while, so their messages go
-- to another platform, or are parked with the reason, instead of failing on Slack each time.
-- A cache like the others: it can be thrown away.
CREATE TABLE slack_unreachable (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  reason TEXT NOT NULL,
  noted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
