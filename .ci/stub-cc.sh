#!/usr/bin/env bash
# A stand-in C compiler and archiver for type-checking another target (`cargo check --target`
# in .ci/check-macos.sh): there is no SDK for it here, and a check never links, so every
# object or archive asked for is an empty file. Build scripts that probe compiler features see
# them all succeed, which changes nothing a type-check looks at.
if [[ $# -ge 2 && "$1" != -* && "$2" == *.a ]]; then # ar OPS ARCHIVE [FILES]
  : >"$2"
  exit 0
fi
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift ;;
    -o*) out="${1#-o}" ;;
  esac
  shift
done
if [ -n "$out" ]; then : >"$out"; fi
exit 0
