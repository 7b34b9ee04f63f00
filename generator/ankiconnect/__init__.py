"""Pushing the built decks into a running Anki through the AnkiConnect add-on: the HTTP client, the push.

The two settings the command line shows live here, so that it names them without importing the client.
"""

DEFAULT_URL = "http://127.0.0.1:8765"
KEY_ENV = "DOCKDECK_ANKICONNECT_KEY"
