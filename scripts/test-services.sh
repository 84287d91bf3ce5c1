#!/usr/bin/env bash
# Debian packages the test suite uses beyond Python: a PostgreSQL server (store tests) and
# Chromium (browser tests of the report and the dashboard, driven by Playwright
# through /usr/bin/chromium; no browser is ever downloaded). Installed only where missing, and
# only as root with apt-get; elsewhere those tests skip and say why. Never fails the build.
set -u
need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages for the tests: ${need[*]}"
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") \
      >/tmp/diplomap-test-services.log 2>&1; then
    echo "could not install ${need[*]} (see /tmp/diplomap-test-services.log); those tests will skip"
  fi
else
  echo "${need[*]} missing and not installable here (needs root and apt-get); those tests will skip"
fi
exit 0
