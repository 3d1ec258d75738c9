"""The `stretchwise` console script.

Every Django management command is available through it (`stretchwise migrate`,
`stretchwise demo`, `stretchwise createsuperuser`), so there is one entry point for people and CI.
"""

from __future__ import annotations

import os
import signal
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "kb":  # plain files: no Django, no database
        from stretchwise.library.cli import main as kb_main

        # `stretchwise kb export | head` should stop quietly, as other command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        sys.exit(kb_main(args[1:]))
    if args and args[0] in ("schema", "screen", "plan"):  # database-free clinical commands
        from stretchwise.screening.cli import main as screening_main

        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        sys.exit(screening_main(args))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stretchwise.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stretchwise", *args])


if __name__ == "__main__":
    main()
