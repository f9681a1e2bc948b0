"""Real-browser tests (package, so its conftest does not shadow tests/conftest.py)."""
