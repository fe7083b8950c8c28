"""File loaders: PDF, DOCX, HTML, TXT and Markdown → :class:`~assistant.types.SourceText`.

Use :func:`assistant.ingest.loaders.base.load_file`; every failure is a ``LoaderError`` with a
Chinese message and hint.
"""
