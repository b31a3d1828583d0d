#!/usr/bin/env bash
# Renders a report's index.html in headless Chromium and saves a screenshot, so a person (or CI) can check that the
# page really renders. Usage: bin/check-report.sh [REPORT_DIR] [SCREENSHOT.png]
# (defaults: reports/latest, and $TMPDIR/gapbench-report-screenshot.png so a check never dirties the report).
# Exit codes: 0 rendered; 1 rendering failed; 77 Chromium is not installed (CI installs the Debian 'chromium' package).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
report="$(cd "${1:-$here/reports/latest}" && pwd)"
shot="${2:-${TMPDIR:-/tmp}/gapbench-report-screenshot.png}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "check-report: $chromium not found; skipping the browser check" >&2
  exit 77
fi
[ -f "$report/index.html" ] || { echo "check-report: $report/index.html not found" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$shot"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars --window-size="${WINDOW:-1280,2000}" \
  --screenshot="$shot" "file://$report/index.html" >/dev/null 2>&1 || true
if [ ! -s "$shot" ]; then
  echo "check-report: Chromium produced no screenshot of $report/index.html" >&2
  exit 1
fi
# The DOM after scripts ran must still hold the sections and the inlined charts.
dom="$(timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --dump-dom "file://$report/index.html" 2>/dev/null || true)"
for needle in 'id="gap"' 'id="leaderboards"' 'id="sources"' 'class="chart"'; do
  if ! grep -q "$needle" <<<"$dom"; then
    echo "check-report: the rendered page lacks $needle" >&2
    exit 1
  fi
done
echo "check-report: rendered $report/index.html -> $shot"
