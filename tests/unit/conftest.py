"""The unit tier does no I/O: no database (pytest-django blocks it) and no network."""

from __future__ import annotations

import pytest
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _no_network():
    disable_socket(allow_unix_socket=False)
    yield
    enable_socket()
