#!/bin/sh
# Print the path of a Python 3.12 or newer, or explain how to get one and fail.
# Looks at $PYTHON, then python3.14 … python3.12, python3 and python on PATH, then pyenv's versions.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 python; do
  [ -n "$candidate" ] || continue
  if ok "$candidate"; then command -v "$candidate" || echo "$candidate"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for candidate in $(ls -d "$(pyenv root)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    if ok "$candidate"; then echo "$candidate"; exit 0; fi
  done
fi
echo "Village needs Python 3.12 or newer, and none was found." >&2
echo "Install it (for example 'sudo apt install python3.12 python3.12-venv', 'brew install python@3.12'," >&2
echo "or 'pyenv install 3.12'), or point to one with: make run PYTHON=/path/to/python3.12" >&2
exit 1
