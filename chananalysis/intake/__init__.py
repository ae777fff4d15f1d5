"""Reading and checking a client's data: the one column table, parsing, reading, writing."""
