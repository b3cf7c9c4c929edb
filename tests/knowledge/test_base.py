from speciosa.knowledge import load_knowledge


def test_knowledge_has_semantic_version_and_content_hash() -> None:
    kb = load_knowledge()
    assert kb.version.version.count(".") == 2
    assert len(kb.content_hash) == 64
    assert kb.version_label.startswith(kb.version.version + "+")
