#!/usr/bin/env bash
# Installs what tests need beyond npm, from Debian's packages, when it is missing.
# A component that cannot be installed is reported; its test leg then says it was skipped.
set -uo pipefail

need=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
# The container plugin's podman leg: podman with runc, and a static busybox for a tiny rootfs image.
if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
  need+=(podman runc)
fi
if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  need+=(busybox-static)
fi
# The console's end-to-end tests: headless Chromium driven by playwright-core (never `playwright install`).
if ! command -v chromium >/dev/null 2>&1; then
  need+=(chromium)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "test dependencies missing (${need[*]}) and not root: those test legs will be skipped"
  exit 0
fi
echo "installing test dependencies: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  echo "installed: ${need[*]}"
else
  echo "could not install ${need[*]}: those test legs will be skipped"
fi
exit 0
