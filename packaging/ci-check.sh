#!/usr/bin/env bash
# Packaging checks, run by .ci/run after the tests, and by hand:
#   1. build the Linux packages (packaging/build-linux.sh: .deb and .tar.gz in dist/);
#   2. the frozen app: --version, demo-data + export (CSV, JSON, another time zone) checked
#      against an independent SQLite count, a PostgreSQL URL reaching the driver, --self-test
#      headless (QT_QPA_PLATFORM=offscreen);
#   3. the .deb installed into the system with apt/dpkg (as root; otherwise unpacked with
#      dpkg-deb -x) and run from /usr/bin, its Depends: checked against what the bundle links
#      (check_depends.py), its desktop entry validated;
#   4. the NSIS script compiled with makensis, the Linux build standing in for the Windows
#      payload (the output is thrown away);
#   5. figures: package sizes and the median time to a visible main window under Xvfb.
# Installs the Debian packages it needs where missing. Takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
START=$SECONDS
step() { echo; echo "== packaging: $* ($((SECONDS - START)) s)"; }
fail() { echo "packaging check FAILED: $*" >&2; exit 1; }

SUDO=""
[ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null && SUDO="sudo"; }
can_install() { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }

step "tools"
NEEDED=(python3-venv binutils nsis xvfb xdotool desktop-file-utils)
missing=()
for pkg in "${NEEDED[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ "${#missing[@]}" -gt 0 ]; then
  can_install || fail "please install: ${missing[*]}"
  echo "installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

step "build"
packaging/build-linux.sh
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
DEB=dist/billing-desktop_${VERSION}_amd64.deb
TARBALL=dist/billing-desktop-${VERSION}-linux-x86_64.tar.gz
FROZEN=build/pyinstaller-dist/billing-desktop
[ -f "$DEB" ] && [ -f "$TARBALL" ] || fail "build-linux.sh left no $DEB or $TARBALL"

WORK=$(mktemp -d /tmp/billing-desktop-ci.XXXXXX)
PURGE_DEB=""
cleanup() {
  # Leave the machine as it was, also when a check failed half-way.
  [ -z "$PURGE_DEB" ] || $SUDO dpkg --purge billing-desktop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Nothing here may read or write the real user's settings, keyring or demo database.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
  XDG_CACHE_HOME=$WORK/cache XDG_STATE_HOME=$WORK/state
mkdir -p "$HOME"
unset BILLING_DATABASE_URL

# check_app BIN: the checks every copy of the app must pass (the frozen folder, the installed .deb).
check_app() {
  local bin=$1 out=$WORK/run-$RANDOM
  mkdir -p "$out"
  local got
  got=$("$bin" --version)
  [ "$got" = "billing-desktop $VERSION" ] || fail "$bin --version says '$got', expected 'billing-desktop $VERSION'"

  local url="sqlite:///$out/demo.sqlite3"
  "$bin" demo-data --database-url "$url" --events 5000 --seed 3
  local today first
  today=$(date -u +%F)
  first=$(date -u -d "$today - 59 days" +%F)
  "$bin" export --database-url "$url" --start "$first" --end "$today" -o "$out/all.csv"
  "$bin" export --database-url "$url" --start "$first" --end "$today" --format json \
    --scope by_tenant -o "$out/tenants.json" --quiet
  "$bin" export --database-url "$url" --start "$first" --end "$today" --timezone Europe/Berlin \
    --scope by_model -o "$out/berlin.csv" --quiet
  # The files against SQLite itself (the system's Python, not the frozen one).
  python3 - "$out" "$first" "$today" <<'PY'
import csv, json, sqlite3, sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo
out, first, last = sys.argv[1], sys.argv[2], sys.argv[3]
end = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
db = sqlite3.connect(f"{out}/demo.sqlite3")
want = db.execute(
    "SELECT count(*), sum(input_tokens), sum(output_tokens), sum(cost_cents) FROM usage_events"
    " WHERE created_at >= ? AND created_at < ?", (first, end)).fetchone()
with open(f"{out}/all.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
assert rows[0] == ["date", "tenant_name", "model_used", "input_tokens", "output_tokens",
                   "cost_cents"], rows[0]
got = (len(rows) - 1, *(sum(int(r[i]) for r in rows[1:]) for i in (3, 4, 5)))
assert got == want, f"CSV holds {got}, SQLite says {want}"
assert all(first <= r[0] <= last for r in rows[1:]), "CSV date outside the range"
doc = json.load(open(f"{out}/tenants.json", encoding="utf-8"))
meta, data = doc["metadata"], doc["data"]
assert meta["totalRecords"] == len(data) > 0
sums = tuple(sum(r[k] for r in data) for k in ("inputTokens", "outputTokens", "costCents"))
assert sums == want[1:], f"JSON by tenant sums {sums}, SQLite says {want[1:]}"
assert sums == (meta["totals"]["inputTokens"], meta["totals"]["outputTokens"],
                meta["totals"]["costCents"])
# Europe/Berlin days: the bundle's zone data against the system's, through independent bounds.
berlin_tz = ZoneInfo("Europe/Berlin")
def utc_text(day):
    local = datetime.combine(date.fromisoformat(day), time(), berlin_tz)
    return local.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
berlin_want = db.execute(
    "SELECT count(*), sum(cost_cents) FROM usage_events WHERE created_at >= ? AND created_at < ?",
    (utc_text(first), utc_text(end))).fetchone()
with open(f"{out}/berlin.csv", newline="", encoding="utf-8") as f:
    berlin = list(csv.reader(f))[1:]
berlin_got = sum(int(r[5]) for r in berlin)
assert berlin and berlin_got == berlin_want[1], f"Berlin by model: {berlin_got} cents, SQLite {berlin_want}"
print(f"export checked: {got[0]} events, {got[3]} cents; JSON and Europe/Berlin exports agree")
PY
  # A PostgreSQL URL must reach psycopg (bundled driver and dialect) and fail cleanly: exit 1.
  local rc=0
  "$bin" export --database-url "postgresql://nobody@127.0.0.1:9/billing" -o "$out/pg.csv" \
    2>"$out/pg.err" || rc=$?
  [ "$rc" -eq 1 ] || fail "unreachable PostgreSQL: exit $rc, expected 1: $(cat "$out/pg.err")"
  if grep -qi "traceback\|can't load plugin\|no module named" "$out/pg.err"; then
    fail "PostgreSQL support is broken in the bundle: $(cat "$out/pg.err")"
  fi
  [ ! -e "$out/pg.csv" ] || fail "a failed export left $out/pg.csv behind"

  # verify reads a CSV over 32 MB on two cores: the frozen executable must run the child's
  # work (multiprocessing.freeze_support), not start a second app, and count every row.
  python3 - "$out/all.csv" "$out/big.csv" <<'PY'
import sys
header, *rows = open(sys.argv[1], encoding="utf-8").read().splitlines(keepends=True)
copies = 40 * 1024 * 1024 // max(1, sum(map(len, rows))) + 1
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    out.write(header)
    for _ in range(copies):
        out.writelines(rows)
print(f"{copies * len(rows):,}", file=open(sys.argv[2] + ".rows", "w"))
PY
  local want_rows
  want_rows=$(cat "$out/big.csv.rows")
  timeout 120 "$bin" verify "$out/big.csv" > "$out/verify.out" || fail "verify of a 40 MB CSV failed: $(cat "$out/verify.out")"
  grep -q "reads as CSV (comma-separated): $want_rows rows" "$out/verify.out" ||
    fail "verify counted other rows than $want_rows: $(cat "$out/verify.out")"

  QT_QPA_PLATFORM=offscreen "$bin" --self-test || fail "$bin --self-test failed"
}

step "frozen app ($FROZEN)"
check_app "$FROZEN/billing-desktop"
[ -x "$FROZEN/billing-desktop-gui" ] || fail "no windowed executable billing-desktop-gui"
"$FROZEN/billing-desktop-gui" --version >/dev/null
# The lean bundle: none of the Qt modules the app does not use.
if find "$FROZEN" | grep -E "Qt6?(WebEngine|Qml|Quick|Pdf|3D|Multimedia)" ; then
  fail "unused Qt modules in the bundle (see packaging/bundle_filter.py)"
fi

step "tar.gz"
mkdir -p "$WORK/tar"
tar -C "$WORK/tar" -xzf "$TARBALL"
"$WORK/tar/billing-desktop/billing-desktop" --version

step ".deb"
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
dpkg-deb --control "$DEB" "$WORK/control"
contents=$(dpkg-deb --contents "$DEB")
for path in ./opt/billing-desktop/billing-desktop ./opt/billing-desktop/billing-desktop-gui \
  ./usr/bin/billing-desktop ./usr/bin/billing-desktop-gui \
  ./usr/share/applications/billing-desktop.desktop \
  ./usr/share/icons/hicolor/scalable/apps/billing-desktop.svg \
  ./usr/share/icons/hicolor/256x256/apps/billing-desktop.png; do
  grep -q " $path\( \|$\)" <<<"$contents" || fail "$path is missing from the .deb"
done
if can_install; then
  was_installed=$(dpkg-query -W -f='${Status}' billing-desktop 2>/dev/null || true)
  [[ "$was_installed" == *"ok installed"* ]] || PURGE_DEB=1  # a developer's own install stays
  # apt resolves the Depends: line, which proves every package named there exists.
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    "$ROOT/$DEB"; then
    echo "apt-get could not install the .deb (no package lists?); falling back to dpkg -i"
    $SUDO dpkg -i "$DEB"
  fi
  check_app /usr/bin/billing-desktop
  python3 packaging/check_depends.py /opt/billing-desktop "$WORK/control/control"
  desktop-file-validate /usr/share/applications/billing-desktop.desktop
  [ "$(readlink -f "$(command -v billing-desktop-gui)")" = /opt/billing-desktop/billing-desktop-gui ] ||
    fail "billing-desktop-gui on PATH is not the packaged one"
  INSTALLED_MB=$(du -sm /opt/billing-desktop | cut -f1)
else
  echo "not root: unpacking with dpkg-deb -x instead of installing"
  dpkg-deb -x "$DEB" "$WORK/deb"
  check_app "$WORK/deb/opt/billing-desktop/billing-desktop"
  python3 packaging/check_depends.py "$WORK/deb/opt/billing-desktop" "$WORK/control/control"
  desktop-file-validate "$WORK/deb/usr/share/applications/billing-desktop.desktop"
  INSTALLED_MB=$(du -sm "$WORK/deb/opt/billing-desktop" | cut -f1)
fi

step "NSIS (Linux build as stand-in payload)"
makensis -V2 -WX -DSTORE_ONLY -DPAYLOAD_DIR="$ROOT/$FROZEN" -DOUTFILE="$WORK/nsis-check.exe" \
  packaging/windows/billing-desktop.nsi
[ "$(head -c 2 "$WORK/nsis-check.exe")" = "MZ" ] || fail "makensis wrote no Windows executable"
rm -f "$WORK/nsis-check.exe"

step "figures"
DEB_MB=$(( $(stat -c %s "$DEB") / 1024 / 1024 ))
echo ".deb: $DEB_MB MB ($(stat -c %s "$DEB") bytes); installed: $INSTALLED_MB MB"
[ "$DEB_MB" -le 120 ] || fail ".deb is $DEB_MB MB, more than the 120 MB aim"
if [ -z "${SKIP_STARTUP_TIMING:-}" ]; then
  python3 packaging/measure_startup.py "$FROZEN/billing-desktop" --runs 5 ||
    echo "warning: could not measure the start-up time"
fi
echo
echo "packaging checks passed in $((SECONDS - START)) s"
