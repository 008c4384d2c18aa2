#!/usr/bin/env bash
# The man page (docs/cmnotify.1) and the bash completion (dist/bash-completion/cmnotify) against
# the built command: the same commands, each with the same options as its --help lists, the
# same friendly interface class names as the library, the same version. Run by ctest and by the
# Debian package build; it fails on any difference, naming it.
# Usage: cli_options_test.sh man|completion CMNOTIFY PRINT_INTERFACE_CLASSES MAN_PAGE COMPLETION
set -euo pipefail
part=$1 cli=$2 print_classes=$3 man_page=$4 completion=$5
failures=0
compared=0

# same WHAT EXPECTED ACTUAL: compares two sorted word lists; an empty expectation is a failure
# too, so that a change in --help's layout cannot make the test compare nothing with nothing.
same() {
  local what=$1 expected=$2 actual=$3
  compared=$((compared + 1))
  if [ -z "$expected" ]; then
    echo "FAIL $what: found nothing to compare in the command's own output" >&2
    failures=$((failures + 1))
  elif [ "$expected" != "$actual" ]; then
    echo "FAIL $what differ:" >&2
    diff <(echo "$expected") <(echo "$actual") | sed -n 's/^</  only in the command:/p; s/^>/  only in the file:   /p' >&2 || true
    failures=$((failures + 1))
  else
    echo "ok   $what: $(echo $expected)"
  fi
}
words() { tr ' ,' '\n\n' | sed '/^$/d' | sort -u; }

# From the command itself. CLI11 lists one option per line, indented two spaces
# ("  -i,--interface NAME|GUID   text"), and commands under "Commands:".
help_commands() { "$cli" --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}' | sort -u; }
help_options() {  # [COMMAND]
  "$cli" "$@" --help | awk '/^Options:/ {on = 1; next} /^[^ ]/ {on = 0} on && /^  -/ {print $1}' | words
}
version=$("$cli" --version | awk '{print $NF}')
commands=$(help_commands)
classes=$("$print_classes" | sort -u)

case $part in
  man)
    # Options are the bold words of the line after each .TP, in the section of their command
    # (.SS NAME under COMMANDS; the global ones under .SH OPTIONS).
    man_options() {  # SECTION-LINE
      awk -v start="$1" '$0 == start {on = 1; next} on && /^\.S[HS] / {exit}
                         on && prev == ".TP" {print} {prev = $0}' "$man_page" |
        grep -o '\\fB\(\\-\)\{1,2\}[A-Za-z0-9][A-Za-z0-9-]*\\fR' | sed 's/\\fB//; s/\\fR//; s/\\-/-/g' | words
    }
    man_commands=$(awk '/^\.SH / {on = ($2 == "COMMANDS")} on && /^\.SS / {print $2}' "$man_page" | sort -u)
    same "commands (cmnotify --help, man COMMANDS)" "$commands" "$man_commands"
    same "global options" "$(help_options)" "$(man_options '.SH OPTIONS')"
    for c in $commands; do
      # --help is documented once, under OPTIONS, for every command.
      same "$c options" "$(help_options "$c" | grep -vx -e -h -e --help)" "$(man_options ".SS $c")"
    done
    man_classes=$(tr '\n' ' ' <"$man_page" | sed -n 's/.*friendly name (\([a-z, ]*\)).*/\1/p' | words)
    same "friendly interface class names" "$classes" "$man_classes"
    man_version=$(sed -n 's/^\.TH .*"cmnotify \([^"]*\)".*/\1/p' "$man_page")
    same "version" "$version" "$man_version"
    ;;
  completion)
    # What the completion offers, asked as bash asks it: COMP_WORDS up to the cursor.
    complete_words() {
      bash -c 'source "$1"; shift
               COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
               _cmnotify cmnotify "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
               printf "%s\n" "${COMPREPLY[@]}"' - "$completion" "$@" | sed '/^$/d' | sort -u
    }
    same "commands" "$commands" "$(complete_words cmnotify '')"
    same "global options" "$(help_options)" "$(complete_words cmnotify -)"
    for c in $commands; do
      same "$c options" "$(help_options "$c")" "$(complete_words cmnotify "$c" -)"
      same "$c options after another option" "$(help_options "$c")" \
        "$(complete_words cmnotify "$c" --help -)"
    done
    # After -i: the friendly class names and the Linux subsystems of this machine.
    subsystems=$({ ls /sys/class; ls /sys/bus; } | words)
    same "interface classes after -i" "$(printf '%s\n' "$classes" "$subsystems" | words)" \
      "$(complete_words cmnotify monitor -i '')"
    same "-i a,b completes the name after the comma" "disk,partition" \
      "$(complete_words cmnotify list --interface disk,part)"
    ;;
  *) echo "usage: cli_options_test.sh man|completion ..." >&2; exit 2 ;;
esac

echo "$part: $compared compared, $failures failed"
[ "$failures" -eq 0 ] || exit 1

# The test itself must be able to fail: the same files without list's --tree must not pass.
if [ -z "${CMNOTIFY_MUTANT:-}" ]; then
  mutant=$(mktemp -d)
  trap 'rm -rf "$mutant"' EXIT
  grep -v -F '\fB\-\-tree\fR' "$man_page" >"$mutant/man"
  sed 's/ --tree / /' "$completion" >"$mutant/completion"
  if CMNOTIFY_MUTANT=1 bash "$0" "$part" "$cli" "$print_classes" "$mutant/man" "$mutant/completion" \
       >/dev/null 2>&1; then
    echo "FAIL the comparison did not notice list's --tree missing from the $part" >&2
    exit 1
  fi
  echo "ok   a $part without list's --tree fails this test"
fi
