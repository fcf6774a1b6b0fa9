"""The public directory of every jurisdiction, assessed or not."""
