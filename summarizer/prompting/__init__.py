"""Stage 2: sentences -> the wire schema and the prompt messages for the model."""
