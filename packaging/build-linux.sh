#!/usr/bin/env bash
# Build the Linux packages of Billing Desktop from a checkout, in a virtual environment of their
# own (build/venv), and leave them in dist/:
#   dist/billing-desktop_<version>_amd64.deb              installs /opt/billing-desktop,
#                                                          /usr/bin/billing-desktop, menu entry, icon
#   dist/billing-desktop-<version>-linux-x86_64.tar.gz    the same folder, to unpack anywhere
# The frozen app itself stays in build/pyinstaller-dist/billing-desktop (ci-check.sh runs it).
# Needs python3 with venv, dpkg-deb (Debian: dpkg) and binutils (PyInstaller strips with it):
# packaging/ci-check.sh installs them where missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON="${PYTHON:-python3}"
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
BUILD=$ROOT/build
VENV=$BUILD/venv
FROZEN=$BUILD/pyinstaller-dist/billing-desktop
DEB_ROOT=$BUILD/deb-root
mkdir -p "$BUILD" dist

for tool in dpkg-deb objdump strip; do
  command -v "$tool" >/dev/null || { echo "build-linux.sh: '$tool' is missing (apt-get install dpkg binutils)" >&2; exit 1; }
done
for file in billing_desktop/assets/billing-desktop.desktop billing_desktop/assets/billing-desktop.svg; do
  [ -f "$file" ] || { echo "build-linux.sh: $file is missing" >&2; exit 1; }
done

echo "== build environment ($VENV)"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
# A regular (not editable) install: PyInstaller freezes exactly what a user would get, and the
# package metadata that `--version` reads goes into the bundle. tzdata: IANA zones without
# relying on the system's zone files.
"$VENV/bin/python" -m pip install -q "$ROOT" "pyinstaller>=6.10" tzdata
# The same version number may hold newer code: the checkout's code is what gets frozen.
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$ROOT"

echo "== PyInstaller"
rm -rf "$BUILD/pyinstaller-dist"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/pyinstaller-dist" --workpath "$BUILD/pyinstaller" \
  packaging/billing-desktop.spec
"$FROZEN/billing-desktop" --version

echo "== .deb"
rm -rf "$DEB_ROOT"
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" \
  "$DEB_ROOT/usr/share/applications" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps"
cp -a "$FROZEN" "$DEB_ROOT/opt/billing-desktop"
# The bootloader finds its _internal folder through /proc/self/exe, so a symlink on PATH works.
ln -s /opt/billing-desktop/billing-desktop "$DEB_ROOT/usr/bin/billing-desktop"
ln -s /opt/billing-desktop/billing-desktop-gui "$DEB_ROOT/usr/bin/billing-desktop-gui"  # .desktop Exec
install -m 644 billing_desktop/assets/billing-desktop.desktop "$DEB_ROOT/usr/share/applications/"
install -m 644 billing_desktop/assets/billing-desktop.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/"
# billing_desktop/assets/icons/billing-desktop-<size>.png -> hicolor/<size>x<size>/apps/billing-desktop.png
for png in billing_desktop/assets/icons/billing-desktop-*.png; do
  size=${png##*-}; size=${size%.png}
  install -D -m 644 "$png" "$DEB_ROOT/usr/share/icons/hicolor/${size}x${size}/apps/billing-desktop.png"
done

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)
# What the bundle does not carry and Qt loads from the system: C library, OpenGL/EGL (the
# GPU driver's), the X11 connection, Wayland, D-Bus, fontconfig/FreeType/GLib (kept out of the
# bundle on purpose, see bundle_filter.py) and at least one font, without which Qt draws no text.
DEPENDS="libc6 (>= 2.28), libgl1, libegl1, libglx0, libglvnd0, libxcb1, libx11-6, libx11-xcb1,
 libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0,
 libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0,
 libxcb-xkb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libdbus-1-3,
 libfontconfig1, libfreetype6, libglib2.0-0t64 | libglib2.0-0,
 fonts-dejavu-core | fonts-liberation2 | fonts-noto-core"
cat > "$DEB_ROOT/DEBIAN/control" <<EOF
Package: billing-desktop
Version: $VERSION
Architecture: amd64
Maintainer: Billing Desktop team <billing-desktop@example.com>
Installed-Size: $INSTALLED_KB
Section: misc
Priority: optional
Depends: $(echo "$DEPENDS" | tr -d '\n')
Recommends: xdg-utils, gnome-keyring | kwalletmanager | keepassxc
Description: Desktop dashboard and exporter for LLM usage and cost data
 Billing Desktop shows usage and cost per tenant, model and day from the
 billing database (PostgreSQL, or an embedded demo database) and exports
 them to CSV or JSON whose totals match the dashboard to the cent.
 .
 The command billing-desktop opens the window; billing-desktop export
 exports from the command line.
EOF
DEB=dist/billing-desktop_${VERSION}_amd64.deb
rm -f "$DEB"
dpkg-deb --root-owner-group -Zxz -z6 --build "$DEB_ROOT" "$DEB" >/dev/null

echo "== .tar.gz"
TARBALL=dist/billing-desktop-${VERSION}-linux-x86_64.tar.gz
rm -f "$TARBALL"
tar -C "$DEB_ROOT/opt" --owner=0 --group=0 -czf "$TARBALL" billing-desktop

ls -l "$DEB" "$TARBALL"
echo "installed size: $((INSTALLED_KB / 1024)) MB"
