# The check shared by bad_input.sh and bad_output.sh, sourced after lib.sh.
# Runs happen in a folder of their own (CWD), so a default results/ folder
# created by mistake would show.
CWD=$WORK/cwd
mkdir -p "$CWD"
cd "$CWD"

CASE=0
# refused "WHAT" "TEXT-THE-ERROR-NAMES" OUT ARGS...: tvp ARGS (or a command
# that runs it) must exit 2 with one line on stderr holding TEXT, and neither
# OUT (when given) nor ./results may exist after.
refused() {
  local what=$1 text=$2 out=$3 err
  shift 3
  CASE=$((CASE + 1))
  err=$WORK/case$CASE.err
  RC=0
  "$@" >"$WORK/case$CASE.out" 2>"$err" || RC=$?
  if [ "$RC" -ne 2 ]; then
    check_fail "$what: exit status $RC, expected 2"
    show "$err"
  elif [ "$(wc -l <"$err")" -ne 1 ] || [ "$(wc -c <"$err")" -lt 10 ]; then
    check_fail "$what: stderr is not exactly one line"
    show "$err"
  elif ! grep -qF -- "$text" "$err"; then
    check_fail "$what: the error does not name the problem ('$text')"
    show "$err"
  fi
  if [ -n "$out" ] && [ -e "$out" ]; then
    check_fail "$what: the results folder $out was created"
    rm -rf "$out"
  fi
  if [ -e "$CWD/results" ]; then
    check_fail "$what: a default results folder was created in the working directory"
    rm -rf "$CWD/results"
  fi
}

# cases_done: says how many cases ran, then finishes the test.
cases_done() {
  printf '%s: %d cases\n' "$TEST" "$CASE"
  finish
}
