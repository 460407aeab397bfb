# Shared by scripts/demo and scripts/test: find Python >= 3.12 and uv, then install the locked environment.
# Never downloads an interpreter (UV_PYTHON_DOWNLOADS=never); only packages come from the registries.
set -euo pipefail

export UV_PYTHON_DOWNLOADS=never
# Trust the operating system's certificate store (corporate and government proxies add their own CAs).
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-true}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() {
  [ -n "$1" ] && [ -x "$(command -v "$1" 2>/dev/null || true)" ] &&
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in "${ONESTOP_PYTHON:-}" python3.12 python3.13 python3; do
    if python_ok "$candidate"; then command -v "$candidate"; return 0; fi
  done
  # pyenv keeps interpreters that its shims do not select by default.
  local roots=("${PYENV_ROOT:-}" "$HOME/.pyenv")
  for root in "${roots[@]}"; do
    [ -n "$root" ] || continue
    # 3.12 first (what CI uses), then newer ones.
    for candidate in $(ls -d "$root"/versions/3.12* 2>/dev/null | sort -rV) \
      $(ls -d "$root"/versions/3.1[3-9]* 2>/dev/null | sort -V); do
      if python_ok "$candidate/bin/python3"; then echo "$candidate/bin/python3"; return 0; fi
    done
  done
  for candidate in /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    if python_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  echo "OneStop needs Python 3.12 or newer; none was found (set ONESTOP_PYTHON=/path/to/python3.12)." >&2
  return 1
}

find_uv() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
  if [ ! -x "$ROOT/.tools/bin/uv" ]; then
    echo "Installing uv into .tools/ ..." >&2
    "$PYTHON" -m venv "$ROOT/.tools" >&2
    "$ROOT/.tools/bin/pip" install --quiet uv >&2
  fi
  echo "$ROOT/.tools/bin/uv"
}

ensure_env() {
  PYTHON="$(find_python)"
  UV="$(find_uv)"
  "$UV" sync --frozen --python "$PYTHON" --extra provinces --quiet
  export PATH="$ROOT/.venv/bin:$PATH"
}
