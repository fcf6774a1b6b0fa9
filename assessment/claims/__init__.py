"""Claims made by users: "I work for this place" or "I work for this organisation"."""
