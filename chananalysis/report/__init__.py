"""Running report sections and writing the report folder (Papermill, nbconvert, Excel)."""
