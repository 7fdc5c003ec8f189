#!/bin/sh
# npm test: lint and the import-cycle check (seconds each), then the type check beside the
# tests rather than before them. The suite leaves part of the two cores idle (its integration
# files mostly wait on the servers and processes they start), so the type check's 20 s of CPU,
# at the lowest priority, costs the suite a few seconds instead of its own. Fails if either fails.
set -u
npm run -s lint || exit 1
npm run -s cycles || exit 1
# At the lowest priority: it takes the CPU the tests leave idle, not the CPU they need.
nice -n 19 npm run -s typecheck &
typecheck=$!
"$(dirname "$0")/../node_modules/.bin/vitest" run "$@"
tests=$?
wait "$typecheck"
types=$?
[ "$types" -eq 0 ] || echo "npm test: the type check failed (npm run typecheck)" >&2
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ]
