"""Validates an OCDS 1.1 release package against the schemas in this folder.

Usage: python3 validate.py PACKAGE.json

The release schema of OCDS 1.1.5 is patched with the release schemas of the lots, bids and
awardCriteriaBreakdown extensions (JSON Merge Patch, RFC 7386, in that order, as OCDS tooling
merges extensions), registered under its canonical URL, and the package is validated against the
1.1.5 release-package schema (JSON Schema draft 4) with format checking. `date-time` is checked
only when rfc3339-validator is installed, so this script refuses to run without it.

Exit status: 0 valid ("valid" on stdout); 1 invalid (one error a line, "path: message", on
stdout); 2 the validator cannot run (jsonschema or rfc3339-validator missing, unreadable files).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
EXTENSIONS = ["lots", "bids", "awardCriteriaBreakdown"]


def merge_patch(target, patch):
    """RFC 7386: objects merge member by member, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def load(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return json.load(handle)


def main():
    if len(sys.argv) != 2:
        print("usage: python3 validate.py PACKAGE.json", file=sys.stderr)
        return 2
    try:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4
    except ImportError as error:
        print(f"cannot validate: {error}; install it with `pip install jsonschema rfc3339-validator`", file=sys.stderr)
        return 2
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    if "date-time" not in checker.checkers:
        print("cannot validate: date-time is not checked; `pip install rfc3339-validator`", file=sys.stderr)
        return 2
    release = load("schema-1.1.5", "release-schema.json")
    for name in EXTENSIONS:
        release = merge_patch(release, load("extensions", name, "release-schema.json"))
    package_schema = load("schema-1.1.5", "release-package-schema.json")
    registry = Registry().with_resource(
        RELEASE_SCHEMA_URL, Resource.from_contents(release, default_specification=DRAFT4)
    )
    with open(sys.argv[1], encoding="utf-8") as handle:
        package = json.load(handle)
    validator = jsonschema.Draft4Validator(package_schema, registry=registry, format_checker=checker)
    errors = sorted(validator.iter_errors(package), key=lambda error: list(map(str, error.absolute_path)))
    if not errors:
        print("valid")
        return 0
    for error in errors:
        print("/".join(map(str, error.absolute_path)) + ": " + error.message)
    return 1


if __name__ == "__main__":
    sys.exit(main())
