"""The moderators' pages: the queue, withdrawals, accounts and the record.
Everything under /moderation answers 404 to anyone who is not a moderator."""
