#!/usr/bin/env bash
# Runs Neovim and Emacs (eglot) headless against the lmm server, each configured by the snippet in
# docs/editors.md exactly as a user copies it (the code block after the marker comment
# "<!-- editors/run.sh: nvim -->" or "... emacs -->"). Each editor opens a copy of examples/dung.lmm
# and checks diagnostics, hover, completion, the fit lens and the results (editors/nvim/test.lua,
# editors/emacs/test.el). What each editor showed is written to build/editors/<editor>.txt.
# Needs the server jar (mvn package) and Debian's neovim, emacs-nox, elpa-eglot (.ci/run installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jar="$root/server/target/lmm-server.jar"
[ -f "$jar" ] || { echo "editors: $jar not found (mvn -B -q package -DskipTests)" >&2; exit 1; }
out="$root/build/editors"
rm -rf "$out" && mkdir -p "$out"

snippet() { # snippet EDITOR LANG FILE: the code block after the editor's marker in docs/editors.md
  awk -v marker="<!-- editors/run.sh: $1 -->" -v fence="\`\`\`$2" '
    $0 == marker { armed = 1; next }
    armed && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }' docs/editors.md > "$3"
  [ -s "$3" ] || { echo "editors: no $1 snippet found in docs/editors.md" >&2; exit 1; }
}

workdir() { # a fresh copy of the dung example
  local d="$out/$1-work"
  mkdir -p "$d"
  cp examples/dung.csv examples/dung.lmm "$d/"
  echo "$d"
}

rc=0
export LMM_SERVER_JAR="$jar"

if command -v nvim >/dev/null; then
  snippet nvim lua "$out/init.lua"
  d="$(workdir nvim)"
  echo "== Neovim $(nvim --version | head -1 | cut -d' ' -f2): docs/editors.md snippet, headless"
  if LMM_EDITOR_TEST_DIR="$d" LMM_EDITOR_REPORT="$out/nvim.txt" HOME="$out/nvim-home" \
      timeout 300 nvim --headless -n -i NONE -u "$out/init.lua" -c "luafile editors/nvim/test.lua" > "$out/nvim.log" 2>&1; then
    echo "neovim: PASSED (what it showed: build/editors/nvim.txt)"
  else
    echo "neovim: FAILED"; cat "$out/nvim.txt" "$out/nvim.log" 2>/dev/null | tail -40; rc=1
  fi
else
  echo "editors: nvim not installed (apt-get install neovim)" >&2; rc=1
fi

if command -v emacs >/dev/null; then
  snippet emacs elisp "$out/init.el"
  d="$(workdir emacs)"
  echo "== $(emacs --version | head -1) with eglot: docs/editors.md snippet, batch"
  if LMM_EDITOR_TEST_DIR="$d" LMM_EDITOR_REPORT="$out/emacs.txt" HOME="$out/emacs-home" \
      timeout 300 emacs --batch -l "$out/init.el" -l editors/emacs/test.el > "$out/emacs.log" 2>&1; then
    echo "emacs: PASSED (what it showed: build/editors/emacs.txt)"
  else
    echo "emacs: FAILED"; cat "$out/emacs.txt" "$out/emacs.log" 2>/dev/null | tail -40; rc=1
  fi
else
  echo "editors: emacs not installed (apt-get install emacs-nox elpa-eglot)" >&2; rc=1
fi
exit $rc
