#!/usr/bin/env python3
"""Report (or, with --apply, shrink) the library's public surface to what its users name.

The users are the binary (src/main.rs, src/cli.rs, src/progress.rs), tests/ and benches/.
Two passes, each printing what it would make `pub(crate)`:
- modules: a `pub mod` that no path written under `kumo_deck::` (use trees expanded) goes
  through;
- `--items`: in the modules that stay public, an item, method or field whose name the users
  never write (a method or field reached by `.name` is no path, so names are matched as words).
The lints do the rest: `unreachable_pub` (src/lib.rs) flags a `pub` item no public path
reaches, and `cargo fix --lib --allow-dirty --broken-code` rewrites it; `private_interfaces`
flags a type a public signature needs, which must be made `pub` again by hand. The lints
cannot see an item that is public but used only inside the crate: that is what this reports.
Exit status 1 when there is something to report, 0 when the surface is already minimal.
Idempotent; run it after merging branches that add modules or uses.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
APPLY = "--apply" in sys.argv
USERS = ["src/main.rs", "src/cli.rs", "src/progress.rs", "tests", "benches"]


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


def user_words():
    """Every identifier the users write: a method or field they reach by `.name` is not a path."""
    words = set()
    for rel in USERS:
        for f in rust_files(rel):
            words.update(re.findall(r"\b\w+\b", strip_comments(open(f, encoding="utf-8").read())))
    return words


# Types the users never name but a public signature returns or holds (`private_interfaces`
# lists them when one is made `pub(crate)`): the keep-list, public with their signatures.
KEEP = {
    "Arg", "Created", "Deck", "Deferred", "Entry", "Exported", "FrontMatter", "Headers",
    "LayoutReport", "LocalFile", "LocalSite", "Lock", "Memo", "Printed", "RawSlide", "Report",
    "Site", "SlideKind", "Written", "CheckConfig", "DeployConfig",
}

ITEM = re.compile(
    r"^(\s*)pub\s+((?:(?:const|async|unsafe)\s+)*(?:fn|struct|enum|const|static|type|trait)\s+)(\w+)",
    flags=re.M,
)
FIELD = re.compile(r"^(\s+)pub\s+(\w+)(\s*:)", flags=re.M)


def narrow_items(words):
    """In the modules that stay public: an item, method or field whose name no user writes
    becomes `pub(crate)`. The compiler keeps the rest honest: a type a public signature needs
    is reported (`private_interfaces`) and must be made `pub` again by hand."""
    changed = []
    files = {os.path.join(ROOT, "src", "lib.rs")}
    for mp, file, name in modules():
        text = open(file, encoding="utf-8").read()
        if re.search(rf"^pub\s+mod\s+{name}\s*;", text, flags=re.M):
            base = os.path.dirname(file)
            stem = os.path.splitext(os.path.basename(file))[0]
            sub = base if stem in ("lib", "mod") else os.path.join(base, stem)
            for cand in (os.path.join(sub, name + ".rs"), os.path.join(sub, name, "mod.rs")):
                if os.path.exists(cand):
                    files.add(cand)
    for file in sorted(files):
        text = open(file, encoding="utf-8").read()
        cut = text.find("#[cfg(test)]\nmod tests")
        head, tail = (text, "") if cut < 0 else (text[:cut], text[cut:])

        def item(m):
            if m.group(3) in words or m.group(3) in KEEP:
                return m.group(0)
            changed.append(f"{os.path.relpath(file, ROOT)}: {m.group(3)}")
            return f"{m.group(1)}pub(crate) {m.group(2)}{m.group(3)}"

        def field(m):
            if m.group(2) in words or m.group(2) in ("crate", "fn", "struct", "enum", "const", "type", "trait", "static", "async", "unsafe", "mod", "use"):
                return m.group(0)
            changed.append(f"{os.path.relpath(file, ROOT)}: .{m.group(2)}")
            return f"{m.group(1)}pub(crate) {m.group(2)}{m.group(3)}"

        new = FIELD.sub(field, ITEM.sub(item, head)) + tail
        if new != text and APPLY:
            open(file, "w", encoding="utf-8").write(new)
    return changed


def main():
    if "--items" in sys.argv:
        found = narrow_items(user_words())
        for c in found:
            print(f"pub(crate) {c}")
        sys.exit(1 if found else 0)
    used = used_paths()
    changed = []
    for mp, file, name in modules():
        if any(u == mp or u.startswith(mp + "::") for u in used):
            continue
        text = open(file, encoding="utf-8").read()
        new = re.sub(rf"^pub\s+mod\s+{name}\s*;", f"pub(crate) mod {name};", text, flags=re.M)
        if new != text:
            if APPLY:
                open(file, "w", encoding="utf-8").write(new)
            changed.append(mp)
    for mp in changed:
        print(f"pub(crate) mod {mp}")
    if "-v" in sys.argv:
        print("\n".join(sorted(used)), file=sys.stderr)
    sys.exit(1 if changed else 0)


main()
