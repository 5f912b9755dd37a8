#!/usr/bin/env bash
# Runs a command inside the private network namespace the tests need: `unshare -n scripts/private-network.sh CMD...`.
# Nothing in it can reach another machine. Janus never offers a loopback interface for media, so the namespace also
# holds a veth pair, jv0 with 127.0.0.2, as the one interface Janus may use (its tests' config says ice_enforce_list
# "jv0"); Chromium pairs with it over that address. Everything else (Redis, the servers, Chromium) uses 127.0.0.1.
set -euo pipefail
if ip link show jv0 >/dev/null 2>&1; then
  exec "$@"
fi
ip link set lo up
ip link add jv0 type veth peer name jv1
ip addr add 127.0.0.2/32 dev jv0
ip link set jv1 up
ip link set jv0 up
exec "$@"
