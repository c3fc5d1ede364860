"""Stage 4, write: the Word, Excel and CSV reports, each file written atomically."""
