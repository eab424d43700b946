"""``python -m liveguard`` is the same as the ``liveguard`` command."""

from liveguard.cli import main

main()
