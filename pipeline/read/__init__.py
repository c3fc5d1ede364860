"""Stage 1, read: which files are plans and what they really are, and each plan's tables as the
user typed them (`raw` types), from Word and Excel, before any interpretation."""
