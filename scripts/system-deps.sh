#!/usr/bin/env bash
# Install the Debian packages a job needs, only those that are missing.
#   scripts/system-deps.sh          everything `make test` needs
#   scripts/system-deps.sh kafka    just Java + Maven (to fetch and run the Kafka broker)
#   scripts/system-deps.sh fixtures sox, for scripts/make_fixtures.py --bench (degraded audio)
set -euo pipefail
want=()
need() { command -v "$1" >/dev/null 2>&1 || want+=("$2"); }
need java default-jre-headless
need mvn maven
if [[ ${1:-all} == fixtures ]]; then
  need sox sox
  need ffmpeg ffmpeg
fi
if [[ ${1:-all} == all ]]; then
  need kcat kcat
  need chromium chromium
  need ffmpeg ffmpeg
  ls /etc/postgresql/*/main >/dev/null 2>&1 || want+=(postgresql)
  # a CJK font, or Chinese pages render as empty boxes in the browser tests' screenshots
  fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || want+=(fonts-wqy-microhei)
fi
if ((${#want[@]} == 0)); then exit 0; fi
echo "system-deps: installing ${want[*]}" >&2
SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
