"""Drive Billing Desktop the way assistive technology does: through AT-SPI, by role and name.

Run with the system's Python, which has pyatspi (Debian: python3-pyatspi); the project's venv
does not. It needs the DISPLAY and DBUS_SESSION_BUS_ADDRESS the app runs on. It finds the
window's controls, presses Export… through the button's action, picks a format, types the
path through the text field's EditableText interface, presses Export and waits until the
dialog says how many rows it wrote. It prints one JSON document: what it saw and did, or the
one thing it could not find.

    /usr/bin/python3 tests/atspi_driver.py --format "JSON Lines" --path /tmp/out.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

import pyatspi

APP_NAME = "Billing Desktop"
# Their children are data (rows, list items, menus), not the controls looked for.
OPAQUE_ROLES = {"table", "list", "tree", "tree table", "menu bar", "menu", "popup menu"}
CONTROL_ROLES = {
    "push button", "radio button", "check box", "combo box", "spin button", "text", "label",
}  # fmt: skip
WRITTEN = re.compile(r"([\d,.\s\u00a0\u202f]+) rows? written")


def wait_for(what: str, probe, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise LookupError(f"AT-SPI never showed {what} within {timeout:g} s")
        time.sleep(0.1)


def descendants(acc):
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is None:
            continue
        yield child
        if child.getRoleName() not in OPAQUE_ROLES:
            yield from descendants(child)


def showing(acc) -> bool:
    return acc.getState().contains(pyatspi.STATE_SHOWING)


def find(root, role: str, name: str):
    for acc in descendants(root):
        if acc.getRoleName() == role and acc.name == name and showing(acc):
            return acc
    return None


def text_of(acc) -> str | None:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, -1)


def labelled_by(acc) -> list[str]:
    return [
        relation.getTarget(index).name
        for relation in acc.getRelationSet()
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
        for index in range(relation.getNTargets())
    ]


def describe(acc) -> dict:
    return {
        "role": acc.getRoleName(),
        "name": acc.name,
        "labelled_by": labelled_by(acc),
        "text": text_of(acc) if acc.getRoleName() in ("label", "text") else None,
        "checked": acc.getState().contains(pyatspi.STATE_CHECKED),
    }


def controls(root) -> list[dict]:
    return [
        describe(acc)
        for acc in descendants(root)
        if acc.getRoleName() in CONTROL_ROLES and showing(acc)
    ]


def press(acc) -> str:
    """Run the control's own press action (what a screen reader's "activate" does)."""
    action = acc.queryAction()
    names = [action.getName(index) for index in range(action.nActions)]
    for wanted in ("Press", "press", "click", "Toggle", "toggle"):
        if wanted in names:
            action.doAction(names.index(wanted))
            return wanted
    raise LookupError(f"{acc.getRoleName()} {acc.name!r} has no press action, only {names}")


def application(timeout: float):
    desktop = pyatspi.Registry.getDesktop(0)

    def probe():
        apps = (desktop.getChildAtIndex(i) for i in range(desktop.childCount))
        return next((app for app in apps if app is not None and app.name == APP_NAME), None)

    return wait_for(f"the application {APP_NAME!r} on the desktop", probe, timeout)


def top_level(app, role: str, prefix: str):
    for index in range(app.childCount):
        child = app.getChildAtIndex(index)
        if child is not None and child.getRoleName() == role and child.name.startswith(prefix):
            return child
    return None


def labelled(root, role: str, label: str):
    for acc in descendants(root):
        if acc.getRoleName() == role and label in labelled_by(acc) and showing(acc):
            return acc
    return None


def main_window(app, timeout: float) -> tuple[object, dict]:
    window = wait_for("the main window", lambda: top_level(app, "frame", APP_NAME), timeout)
    cost = wait_for("the total cost", lambda: labelled(window, "label", "Total cost"), timeout)
    # the figures load in the background: the label holds a number once they are in
    wait_for("a total cost figure", lambda: re.search(r"\d", cost.name), timeout)
    return window, {"controls": controls(window), "total_cost": describe(cost)}


def run_export(app, window, fmt: str, path: str, timeout: float) -> dict:
    export = wait_for("the Export… button", lambda: find(window, "push button", "Export…"), 5)
    press(export)
    dialog = wait_for("the Export dialog", lambda: top_level(app, "dialog", "Export"), timeout)
    report: dict = {"dialog": dialog.name, "controls": controls(dialog)}
    radio = wait_for(f"the {fmt} radio button", lambda: find(dialog, "radio button", fmt), 5)
    press(radio)
    wait_for(f"{fmt} checked", lambda: radio.getState().contains(pyatspi.STATE_CHECKED), 5)
    field = wait_for("the Save to field", lambda: find(dialog, "text", "Save to"), 5)
    field.queryEditableText().setTextContents(path)
    report["path_field"] = text_of(field)
    press(wait_for("the Export button", lambda: find(dialog, "push button", "Export"), 5))
    wait_for(f"the file {path}", lambda: os.path.exists(path), timeout)
    written = wait_for("'rows written'", lambda: written_label(dialog), timeout)
    report["written"] = written.name
    report["after"] = controls(dialog)
    return report


def written_label(dialog):
    for acc in descendants(dialog):
        if acc.getRoleName() == "label" and showing(acc) and WRITTEN.search(acc.name):
            return acc
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", required=True, help="the format radio button's name")
    parser.add_argument("--path", required=True, help="the file to export to")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)
    report: dict = {}
    try:
        app = application(args.timeout)
        window, report["main_window"] = main_window(app, args.timeout)
        report["export_dialog"] = run_export(app, window, args.format, args.path, args.timeout)
    except (LookupError, NotImplementedError) as problem:
        report["error"] = str(problem)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    return 1 if "error" in report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
