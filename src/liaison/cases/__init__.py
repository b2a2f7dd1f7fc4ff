"""Cases and the messages exchanged in them: requests, replies, clarifications, refusals, deadlines."""
