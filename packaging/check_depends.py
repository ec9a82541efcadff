"""Does the .deb's `Depends:` cover every system library the bundle links against?

    python3 packaging/check_depends.py /opt/billing-desktop path/to/DEBIAN/control

Runs `ldd` on every ELF file of the installed bundle, keeps the libraries that resolve outside
the bundle, asks dpkg which package owns each, and fails when a package is not named in
`Depends:` (any alternative counts), or when a library cannot be found at all. Libraries that
Qt only dlopen()s at run time (libdbus, the GPU driver's) are not seen by ldd; the self-test
and the start-up measurement exercise those.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Part of every Debian system (Priority: required / Essential): never worth a Depends entry.
ALWAYS_THERE = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libzstd1", "liblzma5"}


def depends_packages(control: str) -> set[str]:
    match = re.search(r"^Depends:(.*(?:\n .*)*)", control, re.MULTILINE)
    if not match:
        return set()
    names = set()
    for alternative in re.split(r"[,|]", match.group(1)):
        name = alternative.strip().split(" ", 1)[0].split("(", 1)[0].strip()
        if name:
            names.add(name)
    return names


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def outside_libraries(root: Path, files: list[Path]) -> tuple[set[str], set[str]]:
    """(resolved paths outside `root`, names that did not resolve at all)."""
    internal = root / "_internal"
    env = {
        "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}",
        "PATH": "/usr/bin:/bin",
    }
    outside, missing = set(), set()
    for path in files:
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            if "=>" not in line:
                continue
            name, _, target = line.strip().partition(" => ")
            target = target.split(" (", 1)[0].strip()
            if target == "not found":
                missing.add(f"{name} (needed by {path.relative_to(root)})")
            elif target and not Path(target).resolve().is_relative_to(root.resolve()):
                outside.add(str(Path(target).resolve()))
    return outside, missing


def owner(path: str) -> str:
    result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if result.returncode != 0:  # /lib vs /usr/lib (merged /usr): ask for the other spelling
        other = path.removeprefix("/usr") if path.startswith("/usr/") else "/usr" + path
        result = subprocess.run(["dpkg", "-S", other], capture_output=True, text=True)
    return result.stdout.split(":", 1)[0].strip() if result.returncode == 0 else "?"


def main() -> int:
    root, control = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
    declared = depends_packages(control)
    outside, missing = outside_libraries(root, elf_files(root))
    problems = [f"not found: {name}" for name in sorted(missing)]
    for path in sorted(outside):
        package = owner(path)
        if package not in declared | ALWAYS_THERE:
            problems.append(f"{path} comes from '{package}', which Depends: does not name")
    for problem in problems:
        print(f"check_depends: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"check_depends: the {len(outside)} system libraries the bundle links are all covered"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
