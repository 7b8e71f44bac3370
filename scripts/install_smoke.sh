#!/usr/bin/env bash
# A user's install, as CI checks it: `pip install .` into a fresh venv (no lock, no environment
# variables, an empty home), then `policybot --version`, `policybot ask` answers with a quote and
# a source, `policybot ingest` reads an HTML page served on 127.0.0.1, and `policybot extract-eval`
# finds its packaged precision sample. On Python 3.11 and on the newest python3.X found on the
# machine. Usage: scripts/install_smoke.sh [PYTHON ...]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/policybot-smoke.XXXXXX")
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '== install smoke: %s\n' "$*" >&2; }
fail() { printf '## install smoke FAILED: %s\n' "$*" >&2; exit 1; }

# The interpreter's "3.X" when it runs, else nothing.
minor_of() { "$1" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true; }

# The newest python3.X (X > 11) that runs: on PATH, then in pyenv's and /usr/local's folders.
newest_python() {
    local best="" best_minor=11 candidate minor
    for candidate in $(compgen -c python3. | sort -u) /root/.pyenv/versions/3.*/bin/python3 \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3 /usr/local/bin/python3.*; do
        [[ "$candidate" == *-config || "$candidate" == *m ]] && continue
        command -v "$candidate" >/dev/null 2>&1 || [[ -x "$candidate" ]] || continue
        minor=$(minor_of "$candidate")
        minor=${minor#3.}
        [[ "$minor" =~ ^[0-9]+$ ]] && ((minor > best_minor)) && best=$candidate best_minor=$minor
    done
    printf '%s' "$best"
}

if (($# > 0)); then
    pythons=("$@")
else
    py311=$(command -v python3.11 || true)
    [[ -n "$py311" ]] || fail "python3.11 not found"
    pythons=("$py311")
    newest=$(newest_python)
    if [[ -n "$newest" ]]; then
        pythons+=("$newest")
    else
        printf '%s\n' "############################################################################" \
            "## WARNING: no Python newer than 3.11 found: the newest-Python smoke SKIPPED ##" \
            "############################################################################" >&2
    fi
fi

# The source as a fresh clone has it (no venv, no build/ left over from another build).
mkdir -p "$work/src"
tar --exclude=./.venv --exclude=./.git --exclude=./build --exclude=./dist --exclude='*.egg-info' \
    --exclude=__pycache__ --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.pytest_cache -cf - . |
    tar -xf - -C "$work/src"

# The HTML page, with its {base} placeholder filled in, served on a free loopback port.
mkdir -p "$work/site/news"
python3 -m http.server --help >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
sed "s|{base}|$base|g" tests/ingest/fixtures/hefei_vouchers.html >"$work/site/news/hefei-vouchers.html"
python3 -m http.server --bind 127.0.0.1 --directory "$work/site" "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('$base/news/hefei-vouchers.html', timeout=1)" \
        2>/dev/null && break
    sleep 0.1
done

# `policybot` in an environment of its own: nothing but PATH, a UTF-8 locale and an empty home.
run_clean() {
    local venv=$1 home=$2
    shift 2
    (cd "$home" && env -i PATH="$venv/bin:/usr/bin:/bin" HOME="$home" LANG=C.UTF-8 "$@")
}

smoke() {
    local python=$1 minor venv home out started
    minor=$(minor_of "$python")
    [[ -n "$minor" ]] || fail "$python does not run"
    venv="$work/venv-$minor"
    home="$work/home-$minor"
    mkdir -p "$home"
    say "Python $minor ($python): pip install . into a fresh venv"
    started=$SECONDS
    "$python" -m venv "$venv"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install -qq "$work/src" ||
        fail "Python $minor: pip install . failed"
    say "Python $minor: installed in $((SECONDS - started)) s"

    out=$(run_clean "$venv" "$home" policybot --version) || fail "Python $minor: policybot --version failed"
    [[ "$out" == "policybot "[0-9]* ]] || fail "Python $minor: policybot --version said: $out"

    out=$(run_clean "$venv" "$home" policybot ask "上海算力目标是多少") ||
        fail "Python $minor: policybot ask failed: $out"
    grep -q "1000 PFLOPS" <<<"$out" || fail "Python $minor: no answer about Shanghai's compute: $out"
    grep -q "「" <<<"$out" || fail "Python $minor: the answer has no quote: $out"
    grep -Eq "— (来源|來源|Source):" <<<"$out" || fail "Python $minor: the answer has no source: $out"
    say "Python $minor: policybot ask answered with a quote and a source"

    out=$(run_clean "$venv" "$home" policybot ingest "$base/news/hefei-vouchers.html" 2>&1) ||
        fail "Python $minor: policybot ingest failed: $out"
    grep -Eq "^added .*\([1-9][0-9]* facts\)" <<<"$out" || fail "Python $minor: nothing ingested: $out"
    say "Python $minor: policybot ingest added the page"

    out=$(run_clean "$venv" "$home" policybot extract-eval 2>&1) || fail "Python $minor: extract-eval failed: $out"
    grep -q "precision (hand-judged)" <<<"$out" && ! grep -q "not measured" <<<"$out" ||
        fail "Python $minor: extract-eval did not measure precision with its packaged sample: $out"
    say "Python $minor: policybot extract-eval measured precision ($((SECONDS - started)) s in all)"
}

for python in "${pythons[@]}"; do
    smoke "$python"
done
say "passed on ${#pythons[@]} Python version(s)"
