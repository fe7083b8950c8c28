"""One conversational turn: context → standalone query → search → answer stream → session update."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.answering.conversation import (
    Context,
    Conversation,
    MemoNames,
    SessionStore,
    context_from_history,
    next_context,
)
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.focus import focus_paragraph
from assistant.answering.followup import rewrite_followup
from assistant.answering.generative import GenerativeAnswerer
from assistant.answering.llm import LLMFailure, configured, rewrite_query
from assistant.answering.streaming import StreamItem, stream_answer
from assistant.config import LLMSettings
from assistant.retrieval.scope import Filters
from assistant.retrieval.search import Searcher, SearchResult
from assistant.types import Answer

History = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Plan:
    """How a question is retrieved: the standalone query, how it was made, a known LLM failure."""

    query: str
    kind: str  # standalone | article | carry | llm
    llm_down: str = ""


class TurnRunner:
    """Runs turns against one searcher; the LLM is used when ``llm.base_url`` is set."""

    def __init__(self, searcher: Searcher, llm: LLMSettings, sessions: SessionStore) -> None:
        self.searcher, self.llm, self.sessions = searcher, llm, sessions
        self.resolver = MemoNames(searcher.resolver)
        self.extractive = ExtractiveAnswerer(searcher.reader)
        self.generative = GenerativeAnswerer(searcher.reader, searcher.resolver, llm)

    def run(self, question: str, history: History | None = None, filters: Filters | None = None,
            k: int | None = None, session_id: str | None = None) -> Iterator[StreamItem]:
        """Stream one answer (pieces, then the Answer) and remember the turn under ``session_id``."""
        conv = self.sessions.get(session_id) if session_id else Conversation()
        turns = list(history) if history is not None else list(conv.turns)
        ctx = conv.context if conv.turns else context_from_history(turns, self.resolver)
        plan = self.plan(question, ctx, turns)
        result = self.searcher.search(plan.query, k=k, filters=filters)
        answer: Answer | None = None
        for item in self.answer(question, plan, result, turns):
            if isinstance(item, Answer):
                answer = item
            else:
                yield item
        assert answer is not None, "answer streams end with an Answer"
        answer = _annotated(answer, question, plan, result)
        if session_id:
            self.remember(session_id, conv, question, plan.query, answer, result)
        yield answer

    def plan(self, question: str, ctx: Context, turns: History) -> Plan:
        """Rule-based rewrite; topical follow-ups are rewritten by the LLM when one is configured."""
        rule = rewrite_followup(question, ctx, self.resolver)
        if rule.kind != "carry" or not configured(self.llm):
            return Plan(rule.query, rule.kind)
        try:
            text = rewrite_query(self.llm, question, turns, rule.query)
        except LLMFailure as exc:
            return Plan(rule.query, rule.kind, exc.reason)
        if not text:
            return Plan(rule.query, rule.kind)
        if ctx.title and not self.resolver.mentioned(text):
            text = f"《{ctx.title}》{text}"
        return Plan(text, "llm")

    def answer(self, question: str, plan: Plan, result: SearchResult, turns: History) -> Iterator[StreamItem]:
        """The answer stream: extractive, generative, or the extractive fallback."""
        if plan.llm_down:
            yield from self.generative.fallback(question, result, plan.llm_down, plan.query)
        elif configured(self.llm):
            yield from self.generative.stream(question, result, turns, plan.query)
        else:
            answer = self.extractive.answer(question, result)
            yield from stream_answer(focus_paragraph(answer, plan.query, self.searcher.reader))

    def remember(self, session_id: str, conv: Conversation, question: str, query: str,
                 answer: Answer, result: SearchResult) -> None:
        """Store the turn and the context a next follow-up may refer to."""
        refs = [(h.chunk.short_title, h.chunk.article_no) for h in result.hits if h.source == "lookup"]
        refs = refs if result.found else []
        titles = [] if refs else self.resolver.mentioned(query)
        ctx = next_context(conv.context, query, answer, refs, titles)
        self.sessions.save(session_id, conv.record(question, answer.text, ctx))


def _annotated(answer: Answer, question: str, plan: Plan, result: SearchResult) -> Answer:
    """Add the follow-up rewrite (as ``rewritten``) and the retrieval notices to the answer."""
    notices = tuple(n for n in getattr(result, "notices", []) if n not in answer.notices)
    rewritten = plan.query if plan.query != question.strip() else answer.rewritten
    return replace(answer, rewritten=rewritten, notices=answer.notices + notices)
