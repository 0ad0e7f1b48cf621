#!/usr/bin/env bash
# Installs the z2jh 4.4.0 hub image's Python packages (requirements.txt, the image's own pins) and
# what a local single-user server needs (local-server.txt) from PyPI into a virtual environment of
# the checkout, .cache/hub-python/venv (ignored by git), and prints its folder on the last line.
#
# Idempotent: the environment is keyed by the sha256 of both files and the Python version. When the
# key matches it does nothing; otherwise it makes the environment again. Runs of it at the same time
# (test files, .ci/run) wait for each other (flock). Used by .ci/run and by the tests
# (test/support/hub-python.ts); docs/decisions/0018-hub-image-python-from-pypi.md.
#
# HUBNET_HUB_PYTHON_BASE: the Python that creates the environment (default: python3).
# HUBNET_HUB_PYTHON_CACHE: where the environment lives (default: <checkout>/.cache/hub-python).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
base="${HUBNET_HUB_PYTHON_BASE:-python3}"
cache="${HUBNET_HUB_PYTHON_CACHE:-$repo/.cache/hub-python}"
venv="$cache/venv"

if ! command -v "$base" >/dev/null 2>&1; then
  echo "error: $base is not installed: the hub's packages need Python 3.11 or newer (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$base" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "error: $base is Python $("$base" -c 'import platform; print(platform.python_version())'); the hub's packages need 3.11 or newer (set HUBNET_HUB_PYTHON_BASE)" >&2
  exit 1
fi

key="$("$base" - "$here/requirements.txt" "$here/local-server.txt" <<'PY'
import hashlib, platform, sys
h = hashlib.sha256(b"".join(open(f, "rb").read() for f in sys.argv[1:]))
print(f"{h.hexdigest()[:16]}-{platform.python_version()}")
PY
)"
mkdir -p "$cache"
# One install at a time (flock, util-linux; where there is none, runs are not serialized).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.lock"
  flock 9
fi

if [ -f "$venv/.hubnet-key" ] && [ "$(cat "$venv/.hubnet-key")" = "$key" ] && [ -x "$venv/bin/jupyterhub" ]; then
  echo "$venv"
  exit 0
fi

echo "installing the hub image's Python packages into $venv ($key)" >&2
# The key is written last: an interrupted install has none and is made again from scratch.
rm -rf "$venv"
if ! "$base" -m venv "$venv" >&2; then
  echo "error: $base cannot create a virtual environment (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
# psycopg2 (a pin of the image) has no wheel on PyPI: pip builds it, which needs pg_config and a C
# compiler (Debian: libpq-dev gcc). pycurl takes PyPI's wheel.
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  -r "$here/requirements.txt" -r "$here/local-server.txt" >&2; then
  echo "error: pip could not install test/jupyterhub/hub-python/requirements.txt and local-server.txt from PyPI (psycopg2 builds from source: Debian: apt-get install libpq-dev gcc)" >&2
  exit 1
fi
"$venv/bin/python" -m pip check >&2
echo "$key" >"$venv/.hubnet-key"
echo "$venv"
