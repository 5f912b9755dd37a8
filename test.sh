#!/usr/bin/env bash
# The one test command: installs what the tests need where it is missing (redis-server, chromium, janus, nginx and
# docker-compose from Debian's packages, Node.js and the npm packages), then runs every test project inside a private
# network namespace (nothing a test starts can reach another machine; see scripts/private-network.sh) and prints
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# The Janus WebRTC Server (voice and video): the media tests start it with a config of their own, never /etc/janus.
[ -x /usr/bin/janus ] || missing+=(janus)
# nginx (the load balancer of the scaled deployment, deploy/nginx.conf) and docker-compose (validates
# docker-compose.yml without an engine) are installed without their recommends: docker-compose's would pull in the
# whole Docker engine.
lean=()
[ -x /usr/sbin/nginx ] || lean+=(nginx)
command -v docker-compose >/dev/null 2>&1 || lean+=(docker-compose)
if [ ${#missing[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ${lean[*]} ..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  [ ${#missing[@]} -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  [ ${#lean[@]} -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
fi

# Browser libraries (SignalR client for the page, axe-core for the accessibility checks, TypeScript for the type
# check), exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

results="$(pwd)/TestResults"
rm -rf "$results"
status=0

# The browser client's JSDoc types (tsconfig.json, strict): a type error fails the run; the tests still run.
typecheck=0
npx --no-install tsc --noEmit -p tsconfig.json || typecheck=$?

# Built (and restored) here, where the network is; the tests then run in a network namespace of their own with only
# loopback and the veth that Janus carries media on.
dotnet build Roundtable.sln -v quiet -nologo || status=$?
if [ "$status" -eq 0 ]; then
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  # As root a plain network namespace; otherwise one inside a user namespace of this user's own (no sudo needed).
  if [ "$(id -u)" -eq 0 ]; then private=(unshare -n); else private=(unshare -r -n); fi
  "${private[@]}" scripts/private-network.sh \
    dotnet test Roundtable.sln --no-build --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
fi

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# Name every failed test with the first lines of its message at the end, where a truncated log still shows them.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY' || grep -o 'testName="[^"]*" [^>]*outcome="Failed"' "$trx" || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip().splitlines()
    print("  " + r.get("testName"))
    for line in message[:6]:
        print("      " + line[:300])
PY
  done
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test failed before or outside the tests (exit $status)."
fi
if [ "$typecheck" -ne 0 ]; then
  echo "The type check of wwwroot/ failed: npx tsc --noEmit -p tsconfig.json"
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
