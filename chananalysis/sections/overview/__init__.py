"""Report section 00 · channel portfolio overview (`review`, `text`, `tables`, `charts`)."""
