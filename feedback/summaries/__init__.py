"""Pre-aggregated summaries kept exact in the transaction of every write, and the data version."""
