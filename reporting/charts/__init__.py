"""Charts (matplotlib, Agg backend): built from frames, returned as figures or PNG bytes."""
