"""Base layer: the result schema, options and errors. Imports nothing from the stages."""
