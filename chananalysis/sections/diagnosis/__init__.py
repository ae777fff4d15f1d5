"""Report section 01 · channel diagnosis and incentives: structure, performance, dealers'
financial health, stock flow, coverage, rebates (`review`, `text`, `tables`, `charts`)."""
