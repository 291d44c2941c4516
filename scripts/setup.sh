#!/usr/bin/env bash
# Installs what sme-rtl needs on a fresh Debian machine: the simulators, synthesis and place-and-route tools
# (Yosys, nextpnr-ice40 with the icestorm chip data), the C++ formatter (for the simulator driver), GTKWave (its
# fst2vcd reads waves back in the tests) and a font from Debian, then the npm packages from the lockfile, then
# FuseSoC from PyPI into .venv/. Safe to run again; apt-get runs only when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in verilator iverilog yosys ccache clang-format nextpnr-ice40 icetime; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
# sme verify writes FST waves; the tests read them back with GTKWave's fst2vcd.
command -v fst2vcd >/dev/null 2>&1 || missing+=(gtkwave)
# PNG plots render their text with DejaVu Sans; the FuseSoC virtual environment needs python3-venv.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
dpkg -s python3-venv >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y verilator iverilog yosys ccache clang-format gtkwave fonts-dejavu-core
  # Place and route (sme synth --target ice40 Fmax) and the FuseSoC virtual environment are optional: a release
  # or architecture without one of these packages still gets everything else, and the tests that need it are
  # skipped with the reason.
  for pkg in nextpnr-ice40 fpga-icestorm python3-venv; do
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "$pkg" \
      || echo "setup: warning: the Debian package $pkg could not be installed; the features that need it are unavailable" >&2
  done
fi
npm ci --no-fund --no-audit
# FuseSoC runs a design folder's .core file (lint, sim, synth targets). It comes from PyPI; where PyPI cannot be
# reached the rest works without it, and the FuseSoC tests are skipped with that reason.
if [ ! -x .venv/bin/fusesoc ]; then
  if python3 -m venv .venv && .venv/bin/pip install --quiet --disable-pip-version-check --retries 1 --timeout 15 fusesoc==2.4.7 edalize==0.6.8; then
    echo "setup: FuseSoC installed in .venv/"
  else
    rm -rf .venv
    echo "setup: warning: FuseSoC could not be installed from PyPI (is it reachable?); the FuseSoC tests will be skipped" >&2
  fi
fi
