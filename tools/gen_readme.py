#!/usr/bin/env python3
"""Build each addon's static/description/index.html from its readme/ fragments
(OCA layout: DESCRIPTION, CONFIGURE, USAGE, CONTRIBUTORS), as shown by Odoo's
Apps screen.

    python3 tools/gen_readme.py [ADDON ...]
"""

import ast
import html
import sys
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]
TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
</head>
<body>
<section class="oe_container" style="max-width: 960px; margin: auto; font-family: sans-serif;">
<h1>{title}</h1>
<p><em>{summary}</em></p>
<p>Version {version} &middot; License {license} &middot; {author}</p>
{body}
</section>
</body>
</html>
"""


def build(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    parts = []
    for filename, title in SECTIONS:
        path = addon_dir / "readme" / filename
        if not path.exists():
            continue
        if title:
            parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(markdown.markdown(path.read_text(), extensions=["extra"]))
    out = addon_dir / "static" / "description" / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        TEMPLATE.format(
            title=html.escape(manifest["name"]),
            summary=html.escape(manifest.get("summary", "")),
            version=html.escape(manifest["version"]),
            license=html.escape(manifest["license"]),
            author=html.escape(manifest["author"]),
            body="\n".join(parts),
        )
    )
    return out


def main(argv):
    addons = argv or sorted(
        p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py")
    )
    for addon in addons:
        print(build(ROOT / "addons" / addon).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
