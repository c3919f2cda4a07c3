"""Readers: one per source kind, bytes in, :class:`extract.layout.Document` out.

Each reader raises :class:`extract.layout.UnreadableSource` with a one-line reason when the bytes
cannot be a report of its kind (truncated, encrypted, no text layer, …).
"""
