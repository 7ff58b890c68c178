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
dotnet test CommandCenter.Tests/CommandCenter.Tests.csproj -c Release --no-build -nologo \
    --logger "console;verbosity=normal" "$@"
