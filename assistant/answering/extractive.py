"""Extractive answerer: quotes the best provisions verbatim with their citations; no LLM."""

from __future__ import annotations

from assistant.answering.citations import citations_for, version_note
from assistant.indexing.reader import IndexReader
from assistant.retrieval.search import SearchResult
from assistant.types import Answer, Citation

NOT_FOUND = "未在已载入的文件中找到相关规定。"
QUOTE_LIMIT = 3


class ExtractiveAnswerer:
    """Turns a SearchResult into an Answer made only of stored text."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader

    def answer(self, question: str, result: SearchResult) -> Answer:
        """Quote up to three provisions, or say plainly that nothing relevant was found."""
        citations = citations_for(self.reader, result.hits)
        if not result.found:
            return Answer(question, False, self._not_found(result, citations), (), result.rewritten,
                          nearest=citations)
        quoted = citations[:QUOTE_LIMIT] if result.mode != "lookup" else citations
        intro = "根据已载入的文件，相关规定如下：" if result.mode != "lookup" else ""
        body = "\n\n".join(self._quote(i, c) for i, c in enumerate(quoted, 1))
        return Answer(question, True, f"{intro}\n\n{body}".strip(), quoted, result.rewritten)

    def _quote(self, index: int, citation: Citation) -> str:
        note = version_note(citation, self.reader.is_current(citation.doc_id))
        return f"[{index}] {citation.label}{note}：\n{citation.text}"

    def _not_found(self, result: SearchResult, nearest: tuple[Citation, ...]) -> str:
        lines = [NOT_FOUND]
        if result.missing:
            lines.append("所查条文不存在：" + "、".join(result.missing) + "。")
        if nearest:
            lines.append("最接近的条文（仅供参考，可能并不相关）：" + "、".join(c.label for c in nearest[:3]))
        return "\n".join(lines)
