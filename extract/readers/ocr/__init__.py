"""OCR for pages without usable text: the picture cleaned (``image``), its print found
(``lines``), read by the recogniser (``engine``), and turned into the characters and rulings a
text-layer page would have had (``page``) — from there the PDF reader's table path takes over.
"""
