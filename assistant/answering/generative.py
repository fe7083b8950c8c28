"""Generative answerer: retrieved provisions → grounded prompt → ChatOpenAI → verified answer.

Citations (and the provision text the user sees) always come from the store. When the endpoint
fails the answer falls back to the extractive one, with a notice saying why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.answering.citations import citations_for
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.focus import focus_paragraph
from assistant.answering.llm import LLMFailure, chat_model, stream_text
from assistant.answering.prompts import chat_messages
from assistant.answering.streaming import StreamItem, stream_answer, with_notice
from assistant.answering.verify import Verified, cited_numbers, verify
from assistant.config import LLMSettings
from assistant.indexing.reader import IndexReader
from assistant.ingest.numerals import article_label
from assistant.retrieval.lookup import NameResolver
from assistant.retrieval.search import SearchResult
from assistant.types import Answer, Citation

NOT_FOUND_WORDS = ("未找到", "没有找到", "未能找到")


def unavailable(reason: str) -> str:
    """The notice shown when the model cannot be used."""
    return f"大模型服务不可用（{reason}），以下为条文摘录"


class GenerativeAnswerer:
    """Streams a grounded answer from an OpenAI-compatible endpoint and verifies its citations."""

    def __init__(self, reader: IndexReader, resolver: NameResolver, settings: LLMSettings) -> None:
        self.reader, self.resolver, self.settings = reader, resolver, settings
        self.extractive = ExtractiveAnswerer(reader)

    def exists(self, name: str, number: int) -> bool:
        """True when 《name》第number条 exists in some indexed version of that law."""
        title = self.resolver.resolve_suffix(name)
        if not title or number <= 0:
            return False
        label = article_label(number)
        return any(self.reader.first_chunk(d.doc_id, label) for d in self.reader.find_documents(title))

    def fallback(self, question: str, result: SearchResult, reason: str,
                 query: str = "") -> Iterator[StreamItem]:
        """The extractive answer, with a notice naming why the model was not used."""
        answer = focus_paragraph(self.extractive.answer(question, result), query, self.reader)
        yield from stream_answer(with_notice(answer, unavailable(reason)))

    def stream(self, question: str, result: SearchResult, history: Sequence[tuple[str, str]] = (),
               query: str = "") -> Iterator[StreamItem]:
        """Text pieces from the model, then the verified Answer (see ``streaming``)."""
        if not result.found or not result.hits:
            yield from stream_answer(self.extractive.answer(question, result))
            return
        citations = citations_for(self.reader, result.hits)
        current = [self.reader.is_current(c.doc_id) for c in citations]
        messages = chat_messages(question, citations, history, current, query)
        parts: list[str] = []
        try:
            for piece in stream_text(chat_model(self.settings), messages, self.settings.timeout):
                parts.append(piece)
                yield piece
        except LLMFailure as exc:
            if parts:
                yield "\n\n"
            why = f"生成中断：{exc.reason}" if parts else exc.reason
            yield from self.fallback(question, result, why, query)
            return
        text = "".join(parts)
        if not text.strip():
            yield from self.fallback(question, result, "返回了空答案", query)
            return
        yield self.finish(question, text, citations, result.rewritten)

    def finish(self, question: str, text: str, citations: tuple[Citation, ...], rewritten: str) -> Answer:
        """Verify the generated text and build the Answer around the stored citations."""
        checked = verify(text, [c.text for c in citations], self.exists)
        cited = bool(cited_numbers(checked.text, len(citations)))
        abstained = not cited and any(w in checked.text for w in NOT_FOUND_WORDS)
        notices = _notices(checked, cited or abstained)
        if abstained:
            return Answer(question, False, checked.text, (), rewritten, notices, checked.report(),
                          nearest=citations)
        return Answer(question, True, checked.text, citations, rewritten, notices, checked.report())


def _notices(checked: Verified, cited: bool) -> tuple[str, ...]:
    notices: list[str] = []
    if checked.invalid_citations:
        notices.append("以下引用无法核实（不存在的条文已从回答中删除）："
                       + "、".join(checked.invalid_citations))
    if checked.unverified_quotes:
        notices.append("以下引文与条文原文不一致，请以下方条文为准：" +
                       "、".join(f"「{q}」" for q in checked.unverified_quotes))
    if not cited:
        notices.append("回答未标注依据的条文编号，请对照下方条文核实。")
    return tuple(notices)
