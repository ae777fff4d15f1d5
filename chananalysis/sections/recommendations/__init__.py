"""Report section 05 · integration recommendations and the executive summary
(`review`, `text`, `tables`, `charts`)."""
