"""dockdeck: Docker concepts and commands as YAML cards, compiled into Anki decks."""

__version__ = "0.1.0"
