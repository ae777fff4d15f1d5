"""How any section shows numbers, money, client text and charts: formats and escaping
(``formatting.py``), money in the reader's units (``money.py``), the charts' theme and font
(``theme.py``) and their sizes (``charts.py``). Below the sections, above the methods: it
imports neither sections nor the report."""
