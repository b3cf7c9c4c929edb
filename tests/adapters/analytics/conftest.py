"""One local Spark session for the whole test run (started only if a spark test is selected)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    from speciosa.adapters.analytics.spark_counts import local_session

    session = local_session(cores=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
