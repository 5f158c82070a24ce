"""A process that writes to the collection without pause, the way the server does, until it is
killed: publishes offers with a long original text and edits earlier ones, printing each change
once its transaction has committed. tests/test_collection_durability.py kills it mid-write."""

from __future__ import annotations

import random
import sys

from lib.collection import CURATOR, Actor, Collection, EditConflict
from tests.rows import TYPED_ROW

ROW = {key: value for key, value in TYPED_ROW.items() if key not in ("offer_id", "start_earliest")}
ROW.update(title="Stage concertation", source="test de durabilité")


def main(url: str, prefix: str) -> None:
    collection = Collection.open(url)
    actor = Actor("durability", CURATOR)
    versions: dict[str, int] = {}
    text = "Texte d'origine de l'offre. " * 2000  # ~56 KB: each transaction writes for a while
    for n in range(1_000_000):
        if versions and n % 3 == 2:
            offer_id = random.choice(list(versions))
            try:
                record = collection.edit(offer_id, {**ROW, "stipend_amount_eur": 700.0 + n}, versions[offer_id], actor)
            except EditConflict as exc:  # never expected: this process is the only writer
                print(f"conflict {offer_id} {exc.current.version}", flush=True)
                continue
            versions[offer_id] = record.version
            print(f"edited {offer_id} {record.version}", flush=True)
        else:
            offer_id = f"{prefix}-{n}"
            record = collection.publish({**ROW, "offer_id": offer_id, "title": f"Stage {n}"}, actor,
                                        original_text=text, source_name="durabilité")
            versions[offer_id] = record.version
            print(f"published {offer_id} {record.version}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
