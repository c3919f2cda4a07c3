"""One reader per statutory table: proactive (二), requests (三), disputes (四)."""
