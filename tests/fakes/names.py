"""A tiny stand-in for NameResolver (the Names protocol) so rewriter tests need no index."""

from __future__ import annotations

KNOWN = {
    "中华人民共和国社区法律援助法": "社区法律援助法",
    "社区法律援助法": "社区法律援助法",
    "社区法援法": "社区法律援助法",
    "校园安全示范条例": "校园安全示范条例",
    "校园安全条例": "校园安全示范条例",
}
NOT_LOADED = ("刑法", "民法典", "劳动合同法")


class FakeNames:
    """Longest-first substring matching over KNOWN; NOT_LOADED are laws that are not indexed."""

    def __init__(self) -> None:
        self.known = dict(sorted(KNOWN.items(), key=lambda kv: -len(kv[0])))

    def mentioned(self, text: str) -> list[str]:
        found: list[str] = []
        for name, title in self.known.items():
            if name in text and title not in found:
                found.append(title)
                text = text.replace(name, "")
        return found

    def resolve_suffix(self, text: str) -> str:
        text = text.strip().rstrip("》").replace("《", "")
        return next((t for n, t in self.known.items() if text.endswith(n)), "")

    def unknown(self, text: str) -> list[str]:
        return [n for n in NOT_LOADED if n in text]
