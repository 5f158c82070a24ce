"""Command line: ``python -m lib validate|geocode|build-gazetteer|extract ...``."""

from __future__ import annotations

import argparse
import logging
import re
import sys

from lib import cli

# argparse's own messages (Python 3.11), in French.
_USAGE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "argument(s) manquant(s) : {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "argument(s) inconnu(s) : {0}"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"), "{0} {1} inconnue ; au choix : {2}"),
    (re.compile(r"argument (\S+): invalid \w+ value: (.*)"), "valeur invalide pour {0} : {1}"),
    (re.compile(r"argument (\S+): expected one argument"), "valeur manquante après {0}"),
)


class FrenchArgumentParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one French line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, french in _USAGE_MESSAGES:
            found = pattern.fullmatch(message)
            if found:
                message = french.format(*found.groups())
                break
        else:
            message = f"commande incorrecte ({message})"
        self.exit(2, f"{self.prog} : {message} ; aide : python -m lib --help\n")


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(prog="python -m lib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    for register in cli.COMMANDS:
        register(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        cli.fail("Interrompu.")
        return 130
    except Exception as exc:  # a bug: one line for the user, the details for whoever debugs it
        logging.getLogger("lib").debug("python -m lib %s", args.command, exc_info=True)
        return cli.fail(f"Erreur inattendue ({type(exc).__name__}) : signalez-la avec la commande et le fichier "
                        "utilisés.")


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # French messages on any terminal
    sys.stderr.reconfigure(encoding="utf-8")
    sys.exit(main())
