#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages YiKey needs to build, run its demo and run its tests:
# a C compiler, PKCS#11 headers and OpenSSL libcrypto (SM2) for the virtual USBKEY, SoftHSM2 (the token behind it),
# OpenSC and GnuTLS tools (independent PKCS#11 clients), OpenSSL (signature verifier),
# Chromium (UI tests), gnome-keyring + D-Bus + libsecret (OS keychain for keytar), strace (a test
# watches which files the CLI opens).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  build-essential python3 make pkg-config libp11-kit-dev libssl-dev \
  softhsm2 opensc gnutls-bin openssl \
  chromium fonts-noto-cjk \
  gnome-keyring dbus-x11 libsecret-1-dev strace >/dev/null
echo "system packages installed"
