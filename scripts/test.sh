#!/usr/bin/env bash
# Runs every test. On a fresh machine (only the .NET SDK and git) it first installs the Debian packages the
# tests need: Chromium for browser tests, a CJK font, PostgreSQL (a throwaway server is started by the tests
# themselves on 127.0.0.1), aiosmtpd (a real SMTP server for the e-mail tests), poppler and zbar (to check PDFs),
# nginx (a reverse proxy the tests start on 127.0.0.1 in front of a Production portal).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium fonts-wqy-microhei fonts-noto-cjk fonts-hanazono postgresql python3-aiosmtpd poppler-utils zbar-tools opencc nginx)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Debian server must not run as a service during tests: the tests start their own clusters.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Portal.slnx -c Release -nologo -clp:ErrorsOnly
dotnet test Portal.slnx -c Release --no-build -nologo "$@"
