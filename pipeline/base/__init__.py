"""What every stage stands on: the vocabularies and labels in `data/`, the problem model (notes),
text cleaning, and the process pool for batches."""
