from __future__ import annotations

import pytest

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()
