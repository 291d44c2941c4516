#!/usr/bin/env bash
# Installs what sme-rtl needs on a fresh Debian machine: the simulators, synthesis tool, C++ formatter (for the
# simulator driver), GTKWave (its fst2vcd reads waves back in the tests) and a font from Debian, then the npm
# packages from the lockfile. Safe to run again; apt-get runs only when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in verilator iverilog yosys ccache clang-format; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
# sme verify writes FST waves; the tests read them back with GTKWave's fst2vcd.
command -v fst2vcd >/dev/null 2>&1 || missing+=(gtkwave)
# PNG plots render their text with DejaVu Sans.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y verilator iverilog yosys ccache clang-format gtkwave fonts-dejavu-core
fi
npm ci --no-fund --no-audit
