"""StudyService: the one study API the CLI and the UI call; ``service.user(name)`` binds a learner."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.study.corpus import Corpus
from assistant.study.export import handout_docx, quiz_docx
from assistant.study.items import Item, ItemKind
from assistant.study.progress import StudyDB, check_user
from assistant.study.quiz import KINDS, QuizMaker, articles_only
from assistant.study.selection import chapters, find_document, select
from assistant.study.user import UserStudy
from assistant.types import Document

if TYPE_CHECKING:
    from assistant.answering.service import Assistant


class StudyService:
    """Study over ``documents`` (what is read and quizzed), checked against ``reference`` (default: the same).

    ``reference`` should hold every indexed version, so that a "false" statement is checked against
    superseded versions too.
    """

    def __init__(self, documents: Sequence[Document], data_dir: Path,
                 reference: Sequence[Document] | None = None) -> None:
        self.documents = list(documents)
        self.corpus = Corpus(reference if reference is not None else self.documents)
        self.data_dir = data_dir
        self.db = StudyDB(data_dir)

    @classmethod
    def from_assistant(cls, assistant: Assistant) -> StudyService:
        """Current document versions of the assistant's index; data under ``settings.ui.data_dir``."""
        reader = assistant.searcher().reader
        docs = reader.documents()
        current = [d for d in docs if reader.is_current(d.doc_id)]
        return cls(current, assistant.settings.resolve(assistant.settings.ui.data_dir), reference=docs)

    def user(self, name: str = "default") -> UserStudy:
        """The study state of one learner (plans, sessions, 错题本, cards)."""
        return UserStudy(self, check_user(name))

    def document_names(self) -> list[str]:
        """Short titles of the studyable documents (for a dropdown)."""
        return list(dict.fromkeys(d.short_title for d in self.documents))

    def chapters(self, name: str) -> list[str]:
        """Chapters of a document (for a dropdown); empty when it has none."""
        return chapters(find_document(self.documents, name))

    def maker(self, seed: int | None = None) -> QuizMaker:
        """A quiz maker checking against the reference corpus."""
        return QuizMaker(self.corpus, seed=seed)

    def quiz(self, names: Sequence[str] = (), chapter: str = "", n: int = 10,
             kinds: Sequence[ItemKind] = KINDS, seed: int | None = None) -> list[Item]:
        """``n`` verified items from the named documents / chapter (all documents when none named)."""
        return self.maker(seed).make(articles_only(select(self.documents, names, chapter)), n, kinds)

    def export_quiz(self, items: Sequence[Item], path: Path, title: str = "自测题") -> Path:
        """Printable DOCX: 题目, then 答案与出处 (with each source article's text)."""
        return quiz_docx(items, path, self.corpus, title)

    def export_handout(self, name: str, chapter: str, path: Path, quiz_items: int = 5,
                       seed: int | None = 0) -> Path:
        """DOCX 学习讲义 for one chapter (whole document when ``chapter`` is empty) with a short 自测."""
        doc = find_document(self.documents, name)
        items = self.quiz([doc.doc_id], chapter, quiz_items, seed=seed) if quiz_items else []
        return handout_docx(doc, chapter, path, items)
