"""Stage 4: the model's text -> parsed wire output -> a grounded, validated summary."""
