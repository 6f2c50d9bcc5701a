"""Public pages of the dialogues app: split by feature."""
