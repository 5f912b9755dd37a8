#!/bin/sh
# Starts Janus with the configuration in /etc/janus-roundtable, its secrets from the environment (never in a file of
# the image): JANUS_API_SECRET (every API request must carry it; Roundtable's Media__ApiSecret), JANUS_ADMIN_KEY
# (needed to create rooms; Media__AdminKey), JANUS_RTP_PORTS (the UDP range published for media, default
# 20000-20200) and, behind a 1:1 NAT, JANUS_PUBLIC_IP (the address browsers reach).
set -eu
: "${JANUS_API_SECRET:?set JANUS_API_SECRET (the same as the app's Media__ApiSecret)}"
: "${JANUS_ADMIN_KEY:?set JANUS_ADMIN_KEY (the same as the app's Media__AdminKey)}"
conf=/etc/janus-roundtable
cat > "$conf/janus.plugin.videoroom.jcfg" <<CONFIG
general: {
  admin_key = "$JANUS_ADMIN_KEY"
  lock_rtp_forward = true
  string_ids = true
  events = false
}
CONFIG
set -- -F "$conf" -C "$conf/janus.jcfg" -a "$JANUS_API_SECRET" -r "${JANUS_RTP_PORTS:-20000-20200}"
if [ -n "${JANUS_PUBLIC_IP:-}" ]; then
  set -- "$@" -1 "$JANUS_PUBLIC_IP"
fi
exec janus "$@"
