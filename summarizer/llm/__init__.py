"""Stage 3: a prompt -> one model completion, with transport retries and mode fallback."""
