"""Reading sources: decoding, text captures and HTML pages, dates, outlets, URLs, the seed folder."""
