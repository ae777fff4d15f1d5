"""Report section 04 · conflict review: authorisation, diversion, prices, arbitrage, remedies
(`review`, `text`, `tables`, `charts`)."""
