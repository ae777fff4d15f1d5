"""Pure computation, one module per method: DataFrames in, DataFrames out, no files,
no report, no language."""
