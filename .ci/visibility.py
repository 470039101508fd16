#!/usr/bin/env python3
"""Shrink the library's public surface to what its users outside the crate name.

The users are the binary (src/main.rs, src/cli.rs), tests/ and benches/: every path they write
under `kumo_deck::` (use trees expanded) is collected; a module no such path goes through
becomes `pub(crate) mod`. Run `cargo fix --lib --allow-dirty` afterwards (see visibility.sh):
the `unreachable_pub` lint then turns each `pub` item in a crate-private module into
`pub(crate)`. Idempotent; re-run it after merging branches that add modules or uses.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
USERS = ["src/main.rs", "src/cli.rs", "tests", "benches"]


def rust_files(rel):
    p = os.path.join(ROOT, rel)
    if os.path.isfile(p):
        yield p
        return
    for d, _, fs in os.walk(p):
        for f in fs:
            if f.endswith(".rs"):
                yield os.path.join(d, f)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def expand(tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e] (`self` keeps the prefix)."""
    tree = re.sub(r"\s+", "", tree)
    depth, start = 0, None
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                prefix, inner = tree[:start], tree[start + 1 : i]
                parts, d, cur = [], 0, ""
                for c in inner:
                    if c == "," and d == 0:
                        parts.append(cur)
                        cur = ""
                        continue
                    d += c == "{"
                    d -= c == "}"
                    cur += c
                parts.append(cur)
                out = []
                for p in filter(None, parts):
                    for e in expand(p):
                        out.append(prefix.rstrip(":") if e == "self" else prefix + e)
                return out
    return [re.sub(r"\bas\b.*", "", tree)]


def used_paths():
    paths = set()
    for rel in USERS:
        for f in rust_files(rel):
            text = strip_comments(open(f, encoding="utf-8").read())
            for m in re.finditer(r"\buse\s+kumo_deck::([^;]*);", text, flags=re.S):
                paths.update(expand(m.group(1)))
            for m in re.finditer(r"\bkumo_deck::((?:\w+::)*\w+)", text):
                paths.add(m.group(1))
    return {p.replace("as", " as ").split(" as ")[0] for p in paths}


def modules():
    """(module path, file declaring it, line number) for every `pub mod x;` in the crate."""
    out = []

    def walk(path, file):
        text = open(file, encoding="utf-8").read()
        base = os.path.dirname(file)
        stem = os.path.splitext(os.path.basename(file))[0]
        sub = base if stem in ("lib", "mod") else os.path.join(base, stem)
        for m in re.finditer(r"^(pub\s+)?mod\s+(\w+)\s*;", text, flags=re.M):
            name = m.group(2)
            mp = f"{path}::{name}" if path else name
            if m.group(1):
                out.append((mp, file, name))
            for cand in (os.path.join(sub, name + ".rs"), os.path.join(sub, name, "mod.rs")):
                if os.path.exists(cand):
                    walk(mp, cand)
                    break

    walk("", os.path.join(ROOT, "src", "lib.rs"))
    return out


def main():
    used = used_paths()
    changed = []
    for mp, file, name in modules():
        if any(u == mp or u.startswith(mp + "::") for u in used):
            continue
        text = open(file, encoding="utf-8").read()
        new = re.sub(rf"^pub\s+mod\s+{name}\s*;", f"pub(crate) mod {name};", text, flags=re.M)
        if new != text:
            open(file, "w", encoding="utf-8").write(new)
            changed.append(mp)
    for mp in changed:
        print(f"pub(crate) mod {mp}")
    if "-v" in sys.argv:
        print("\n".join(sorted(used)), file=sys.stderr)


main()
