"""The warehouse as plain code: reading the folder, extracting in batches, landing, publishing,
review sheets. No ``dagster`` import here; ``orchestration.defs`` wraps these in assets."""
