"""The broken-input corpus: workbooks and client folders as clients send them, built at
test time by `build.py` (no binary file is committed)."""
