"""Report section 02 · channel scoring with the 8S model (`review`, `text`, `tables`, `charts`)."""
