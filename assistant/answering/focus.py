"""Paragraph (款) focus for extractive answers: ``《X》第三条第二款`` shows that 款 before the article."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering.streaming import with_notice
from assistant.errors import NotFoundError
from assistant.indexing.reader import IndexReader
from assistant.ingest.numerals import CN_NUMBER, cn_to_int, int_to_cn
from assistant.types import Answer

PARAGRAPH_NO = re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*款")


def focus_paragraph(answer: Answer, query: str, reader: IndexReader) -> Answer:
    """Put the asked 款 first when the answer quotes exactly one article; unchanged otherwise."""
    match = PARAGRAPH_NO.search(query)
    if match is None or not answer.found or len(answer.citations) != 1:
        return answer
    citation = answer.citations[0]
    try:
        paragraphs = reader.provision(citation.doc_id, citation.article).paragraphs
        number = cn_to_int(match.group(1))
    except (NotFoundError, ValueError):
        return answer
    if not 1 <= number <= len(paragraphs):
        return with_notice(answer, f"{citation.label}共 {len(paragraphs)} 款，没有第{match.group(1)}款")
    head = f"{citation.label}第{int_to_cn(number)}款：\n{paragraphs[number - 1]}\n\n该条全文："
    return replace(answer, text=f"{head}\n{answer.text}")
