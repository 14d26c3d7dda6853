#!/usr/bin/env python3
"""Writes the expected values of the eForms fixtures from the shared corpus's expected-values.json.

Usage (from this folder): python3 trim-expected-values.py /path/to/shared/corpus

Keeps, unchanged (same keys, same values), only the entries of the notices copied here:
  expected-values.json             the 13 eforms-sdk/notices and the 11 ted-eforms-pipeline/notices
  expected-values-ted-legacy.json  the 4 ted-legacy/eforms-xml converter outputs used by the tests
Every notice file in this folder must have an entry, and every entry a notice file.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def notices(folder):
    return sorted(
        os.path.relpath(os.path.join(root, name), HERE)
        for root, _, names in os.walk(os.path.join(HERE, folder))
        for name in names
        if name.endswith(".xml")
    )


def write(name, keys, everything):
    missing = [key for key in keys if key not in everything]
    if missing:
        sys.exit(f"no expected values for {missing}")
    trimmed = {key: everything[key] for key in everything if key in keys}
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as out:
        json.dump(trimmed, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print(f"{name}: {len(trimmed)} entries")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(os.path.join(sys.argv[1], "expected-values.json"), encoding="utf-8") as source:
        everything = json.load(source)
    main_keys = notices("eforms-sdk") + notices("ted-eforms-pipeline")
    if len(main_keys) != 24:
        sys.exit(f"expected 24 notices, found {len(main_keys)}")
    write("expected-values.json", set(main_keys), everything)
    write("expected-values-ted-legacy.json", set(notices("ted-legacy")), everything)


if __name__ == "__main__":
    main()
