#!/bin/sh
# Makes the Temporal CLI available for the end-to-end tier and prints its path.
# Uses `temporal` from PATH if present; otherwise builds the pinned version with `go install`
# (Go and its module proxy are on the build machine) into a cache, so later runs don't rebuild.
# v1.5.1: the newest release `go install` can build; from 1.6 the module has a replace
# directive (./cliext), which `go install pkg@version` refuses.
set -eu
VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE="${SPECOPS_CACHE:-$HOME/.cache/specops}/temporal-cli-$VERSION"

if command -v temporal >/dev/null 2>&1; then
  command -v temporal
  exit 0
fi
if [ -x "$CACHE/temporal" ]; then
  echo "$CACHE/temporal"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-temporal-cli: no temporal on PATH and no Go to build it with (install Go, or the Temporal CLI from https://temporal.io/setup/cli)" >&2
  exit 1
fi
mkdir -p "$CACHE"
echo "install-temporal-cli: building github.com/temporalio/cli/cmd/temporal@$VERSION (once; a few minutes)" >&2
if ! GOBIN="$CACHE" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2; then
  echo "install-temporal-cli: go install github.com/temporalio/cli/cmd/temporal@$VERSION failed (see above)" >&2
  exit 1
fi
echo "$CACHE/temporal"
