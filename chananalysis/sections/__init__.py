"""One package per report section, each with the same four parts: ``review.py`` (one call
that computes the section from the intake), ``text.py`` (its prose in zh or en),
``charts.py`` and ``messages.yaml`` (its strings, under the section's key prefix)."""
