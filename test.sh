#!/usr/bin/env bash
# The README's test command: installs what the tests need, builds, and runs the whole suite.
# Safe to run again; on a fresh Debian 12 machine it needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_packages+=(fonts-noto-cjk)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
# The two-node test runs nginx in front of two app processes (deploy/nginx.conf).
[ -x /usr/sbin/nginx ] || need_packages+=(nginx)
command -v node >/dev/null 2>&1 || need_packages+=(nodejs npm)
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "test.sh: installing ${need_packages[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

# Front-end assets (ApexCharts 4.7.0) are built by MSBuild when missing; build once before testing.
dotnet build CommandCenter.sln -c Release -nologo -v quiet
results="$(pwd)/CommandCenter.Tests/TestResults"
rm -f "$results/suite.trx"
status=0
dotnet test CommandCenter.Tests/CommandCenter.Tests.csproj -c Release --no-build -nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=suite.trx" --results-directory "$results" "$@" || status=$?

# A long run's log scrolls the failures far above its end: name them again last, with the first lines of each message.
if [ "$status" -ne 0 ] && [ -f "$results/suite.trx" ]; then
    echo
    echo "test.sh: failed tests (full results: $results/suite.trx)"
    awk '
        /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "  FAILED " substr($0, RSTART + 10, RLENGTH - 11); failed = 1 }
        failed && /<Message>/ { inmsg = 1; lines = 0 }
        inmsg { last = /<\/Message>/; gsub(/ *<\/?Message>/, ""); if (lines++ < 6) print "    " $0; if (last) { inmsg = 0; failed = 0 } }
    ' "$results/suite.trx" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
fi
exit "$status"
