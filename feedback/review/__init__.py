"""Review: the comment explorer, coding, quotes, safeguarding review and actions."""
