"""Readers that turn files into Articles: plain text, JSON Lines, HTML, RSS/Atom and WARC."""
