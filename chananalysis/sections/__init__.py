"""One package per report section, each with the same parts (`registry` lists them):
``review.py`` (``review(data, **options)``, one call that computes the section from the
intake and returns a ``<Package>Review``), ``text.py`` (its prose in zh or en;
``summary_text`` leads the section), ``tables.py`` (its tables and their column formats,
``KINDS``), ``charts.py`` (``*_chart`` functions; ``None`` when there is nothing to draw)
and ``messages.yaml`` (its strings, under the section's key prefix).

``client.py`` holds them together: `chananalysis.review` gives every section's review for
one client in one object (`client.ClientReview`), each computed once, which the report's
notebooks read."""
