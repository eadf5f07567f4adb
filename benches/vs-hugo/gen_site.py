#!/usr/bin/env python3
"""Writes a Hugo site of the English lessons of a freeCodeCamp curriculum (benches/vs-hugo.sh).

    python3 gen_site.py CURRICULUM_ROOT SITE_DIR

One content page per lesson (`content/<block>/<id>.md`) whose body is the markdown `lessons build`
renders on a lesson page, one section page per block, two Hugo configs (`hugo.toml`: highlighting
as `lessons` does it, into CSS classes; `hugo-nohl.toml`: code fences not highlighted) and our own
minimal layouts. Python 3.11 standard library only. Prints one JSON object on stdout: counts, and
what had to be changed so that Hugo can build every page.

The body keeps the file's markdown verbatim, except:
- a section marker (`# --description--`, `## --seed-contents--` …) becomes an ordinary heading
  (`## description`; deeper markers `### seed-contents`), front matter is replaced by Hugo's;
- the `--fcc-editable-region--` lines in seed code are dropped (`lessons` removes them too and
  marks the region instead);
- code that `lessons` puts on a page without highlighting it (hint tests and hooks, which it
  embeds as JSON for the in-page runner; `--before-user-code--`/`--after-user-code--`; scene,
  quiz-audio and speaking-audio JSON, shown as text or not at all) gets the fence language
  `text`, so that Hugo highlights the same code `lessons` highlights: prose fences, seed files
  and solutions;
- whatever Hugo would read as a shortcode (`{{<`, `{{%`) is defused with a space (`{{ <`) and
  counted, as is any other change made only for Hugo's sake.
"""

import json
import os
import re
import sys
from pathlib import Path

# Sections whose code `lessons` does not highlight (see the module doc).
PLAIN_SECTIONS = {
    "hints",
    "before-all",
    "before-each",
    "after-each",
    "after-all",
    "before-user-code",
    "after-user-code",
    "scene",
    "audio",
    "speaking-audio",
}

MARKER = re.compile(r"^(#{1,6})[ \t]+--([A-Za-z-]+)--[ \t]*$")
FENCE_OPEN = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
EDITABLE = "--fcc-editable-region--"

CONFIG = """\
baseURL = "/"
title = "Lessons (Hugo)"
disableKinds = ["rss", "sitemap", "taxonomy", "term", "robotsTXT"]
enableRobotsTXT = false
[taxonomies]
[markup.goldmark.renderer]
unsafe = true
# What `lessons` renders is CommonMark plus GFM tables and strikethrough: Hugo's other
# extensions (smart quotes, autolinks, footnotes…) and heading ids are work it does not do.
[markup.goldmark.extensions]
linkify = false
footnote = false
definitionList = false
taskList = false
[markup.goldmark.extensions.typographer]
disable = true
[markup.goldmark.parser]
autoHeadingID = false
[markup.goldmark.parser.attribute]
title = false
[markup.highlight]
noClasses = false
codeFences = {code_fences}
guessSyntax = false
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<nav class="crumbs"><a href="{{ site.Home.RelPermalink }}">All blocks</a> › <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
<article class="lesson">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
<nav class="pager">
{{- /* Hugo's .Next is the page before this one in weight order, .Prev the one after. */}}
{{- with .Next }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{- with .Prev }} <a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}
</nav>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ol class="lessons">
{{- range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ol>
{{ end }}
"""


def yaml_scalar(value, following):
    """The string value of a one-key YAML line (`title: …`); `following` are the next lines,
    for folded (`>-`) and literal (`|`) block scalars."""
    value = value.strip()
    if value[:1] in (">", "|"):
        parts = []
        for line in following:
            if line.strip() and not line[:1].isspace():
                break
            parts.append(line.strip())
        sep = " " if value[0] == ">" else "\n"
        return sep.join(p for p in parts if p)
    if value.startswith('"'):
        try:
            return json.loads(value)
        except ValueError:
            return value.strip('"')
    if value.startswith("'"):
        return value[1:-1].replace("''", "'") if value.endswith("'") else value[1:]
    return re.sub(r"\s+#.*$", "", value)


def split_front_matter(text):
    """(title, body) of a challenge file."""
    if not text.startswith("---"):
        return None, text
    end = text.find("\n---", 3)
    if end < 0:
        return None, text
    head = text[3:end].split("\n")
    nl = text.find("\n", end + 4)
    body = text[nl + 1 :] if nl >= 0 else ""
    title = None
    for i, line in enumerate(head):
        if line.startswith("title:"):
            title = yaml_scalar(line[len("title:") :], head[i + 1 :])
            break
    return title, body


class Stats:
    def __init__(self):
        self.pages = 0
        self.sections = 0
        self.markdown_bytes = 0
        self.markers = 0
        self.editable_lines_dropped = 0
        self.fences_made_plain = 0
        self.fences_unclosed = 0
        self.shortcodes_defused = 0
        self.altered = {}  # "block/id" -> [what changed for Hugo]
        self.no_title = 0
        self.not_in_structure = 0
        self.missing_files = 0


def convert(body, stats, key):
    """The page body: markers as headings, plain fences where `lessons` does not highlight."""
    out = []
    top = ""  # current `#` section
    sub = ""  # current deeper marker
    fence = None  # (char, length) while inside a fenced block
    for line in body.split("\n"):
        if fence is not None:
            stripped = line.strip()
            c, n = fence
            if stripped and stripped[0] == c and len(stripped) >= n and stripped == c * len(stripped):
                fence = None
            elif top == "seed" and stripped == EDITABLE:
                stats.editable_lines_dropped += 1
                continue
            out.append(line)
            continue
        m = FENCE_OPEN.match(line)
        if m and len(m.group(1).expandtabs(4)) < 4 + 8 and not (
            m.group(2)[0] == "`" and "`" in m.group(3)
        ):
            indent, run, info = m.groups()
            fence = (run[0], len(run))
            plain = top in PLAIN_SECTIONS or sub in PLAIN_SECTIONS
            if plain and info.strip().lower() not in ("", "text"):
                stats.fences_made_plain += 1
                line = f"{indent}{run}text"
            out.append(line)
            continue
        m = MARKER.match(line)
        if m:
            stats.markers += 1
            depth, name = len(m.group(1)), m.group(2)
            if depth == 1:
                top, sub = name, ""
                out.append(f"## {name}")
            else:
                sub = name
                out.append(f"### {name}")
            continue
        out.append(line)
    if fence is not None:
        # Hugo (goldmark) closes an open fence at the end of the document, as CommonMark does;
        # nothing to change, but worth knowing.
        stats.fences_unclosed += 1
    text = "\n".join(out)
    if "{{<" in text or "{{%" in text:
        n = text.count("{{<") + text.count("{{%")
        stats.shortcodes_defused += n
        stats.altered.setdefault(key, []).append(f"{n} shortcode opener(s) `{{{{<`/`{{{{%` → `{{{{ <`")
        text = text.replace("{{<", "{{ <").replace("{{%", "{{ %")
    return text


def structure_order(root):
    """[(block, block title, [ids])] in the order `lessons build` places them: superblocks of
    curriculum.json in order (a block only the first time), then blocks no superblock lists."""
    sdir = root / "structure"
    seen = set()
    order = []

    def add(block):
        path = sdir / "blocks" / f"{block}.json"
        if block in seen or not path.is_file():
            return
        seen.add(block)
        meta = json.loads(path.read_text(encoding="utf-8"))
        ids = []
        for entry in meta.get("challengeOrder", []):
            ids.append(entry.get("id") if isinstance(entry, dict) else entry[0])
        order.append((meta.get("dashedName", block), meta.get("name", block), ids))

    curriculum = json.loads((sdir / "curriculum.json").read_text(encoding="utf-8"))
    for sb in curriculum.get("superblocks", []):
        path = sdir / "superblocks" / f"{sb}.json"
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        blocks = list(data.get("blocks", []))
        for chapter in data.get("chapters", []):
            for module in chapter.get("modules", []):
                blocks.extend(module.get("blocks", []))
        for b in blocks:
            add(b)
    for path in sorted((sdir / "blocks").glob("*.json")):
        add(path.stem)
    return order


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_site.py CURRICULUM_ROOT SITE_DIR")
    root, site = Path(sys.argv[1]), Path(sys.argv[2])
    english = root / "challenges" / "english" / "blocks"
    stats = Stats()

    for name, text in [
        ("hugo.toml", CONFIG.format(code_fences="true")),
        ("hugo-nohl.toml", CONFIG.format(code_fences="false")),
        ("layouts/_default/baseof.html", BASEOF),
        ("layouts/_default/single.html", SINGLE),
        ("layouts/_default/list.html", LIST),
    ]:
        p = site / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    content = site / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "_index.md").write_text('{"title": "All blocks"}\n', encoding="utf-8")

    weight = 0
    placed = set()

    def page(block, lesson_id, path):
        nonlocal weight
        raw = path.read_text(encoding="utf-8").replace("\r", "")
        stats.markdown_bytes += len(raw.encode("utf-8"))
        title, body = split_front_matter(raw)
        key = f"{block}/{lesson_id}"
        if not title:
            stats.no_title += 1
            title = lesson_id
        weight += 1
        front = json.dumps({"title": title, "weight": weight}, ensure_ascii=False)
        text = convert(body, stats, key)
        (content / block / f"{lesson_id}.md").write_text(f"{front}\n\n{text}", encoding="utf-8")
        stats.pages += 1
        placed.add((block, lesson_id))

    for block, name, ids in structure_order(root):
        folder = english / block
        (content / block).mkdir(exist_ok=True)
        (content / block / "_index.md").write_text(
            json.dumps({"title": name, "weight": weight + 1}, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        stats.sections += 1
        for lesson_id in ids:
            path = folder / f"{lesson_id}.md"
            if (block, lesson_id) in placed:
                continue
            if not path.is_file():
                stats.missing_files += 1
                continue
            page(block, lesson_id, path)

    # English files no block lists (none in the 2025-09 snapshot): `lessons` checks them but does
    # not place them, so they are counted and left out here too.
    for dirpath, _dirs, files in os.walk(english):
        block = os.path.basename(dirpath)
        for f in files:
            if f.endswith(".md") and (block, f[:-3]) not in placed:
                stats.not_in_structure += 1

    report = {k: v for k, v in vars(stats).items() if k != "altered"}
    report["altered_pages"] = len(stats.altered)
    report["altered"] = stats.altered
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
