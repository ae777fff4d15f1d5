"""Report section 03 · dealer evaluation (`review`, `text`, `tables`, `charts`)."""
