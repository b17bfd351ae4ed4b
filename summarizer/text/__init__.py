"""Stage 1: raw text -> cleaned paragraphs -> numbered sentences, with offsets kept."""
