#!/usr/bin/env python3
"""Prints the README's parameter reference from the generated plugin descriptor
(target/classes/META-INF/maven/plugin.xml, written by `mvn process-classes`): one table per goal with the
parameters that goal adds to the ones every goal has. ReadmeParametersTest fails when the README and the
descriptor disagree; paste this output over the README's "Parameter reference" tables to bring them in line."""
import html
import re
import sys
import xml.etree.ElementTree as ET

COMMON = {"directory", "metadata", "reportsDirectory", "skip", "failOnError", "applyOwnership"}
descriptor = sys.argv[1] if len(sys.argv) > 1 else "target/classes/META-INF/maven/plugin.xml"


def text(desc):
    s = re.sub(r"<[^>]+>", "", desc or "")
    s = html.unescape(s)
    s = re.sub(r"\{@(code|link) ([^}]*)\}", r"`\2`", s)
    s = " ".join(s.split())
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", s, maxsplit=1)[0]
    return first.replace("|", "\\|")


for mojo in sorted(ET.parse(descriptor).getroot().iter("mojo"), key=lambda m: m.findtext("goal")):
    goal = mojo.findtext("goal")
    if goal == "help":
        continue
    conf = {c.tag: c for c in mojo.find("configuration")}
    rows = []
    for p in mojo.find("parameters"):
        name = p.findtext("name")
        if p.findtext("editable") != "true" or name in COMMON:
            continue
        c = conf.get(name)
        prop = c.text[2:-1] if c is not None and c.text and c.text.startswith("${") else None
        default = c.get("default-value") if c is not None else None
        rows.append("| `%s` | %s | %s | %s |" % (name, "`%s`" % prop if prop else "-",
                                               "`%s`" % default if default else "-", text(p.findtext("description"))))
    print("### `%s`\n" % goal)
    print("| parameter | user property | default | meaning |")
    print("|---|---|---|---|")
    print("\n".join(sorted(rows)))
    print()
