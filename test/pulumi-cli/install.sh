#!/usr/bin/env bash
# Builds the Pulumi CLI the tests run (test/pulumi-config.test.ts) from the Go module proxy, at the
# version of the @pulumi/pulumi SDK that pnpm-lock.yaml pins, into .cache/pulumi-cli/<version>/
# (ignored by git). Idempotent: a binary that reports the pinned version is kept.
# Why a CLI built from source and not a downloaded release: docs/decisions/0017-pulumi-cli-built-from-go-modules.md.
#
#   test/pulumi-cli/install.sh          # build (or keep) and print the binary's path
#
# The test finds the binary through $HUBNET_PULUMI, then .cache/pulumi-cli/<version>/pulumi.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# The one pin: the SDK version in pnpm-lock.yaml. go.mod must require the same version of
# github.com/pulumi/pulumi/pkg/v3 and sdk/v3 (the test checks it too).
version="$(sed -n "s/^  '@pulumi\/pulumi@\([0-9][0-9.]*\)':.*/\1/p" "$root/pnpm-lock.yaml" | head -n 1)"
if [ -z "$version" ]; then
  echo "error: no @pulumi/pulumi version in pnpm-lock.yaml" >&2
  exit 1
fi
for mod in pkg sdk; do
  if ! grep -q "github.com/pulumi/pulumi/$mod/v3 v$version\b" "$here/go.mod"; then
    echo "error: test/pulumi-cli/go.mod does not require github.com/pulumi/pulumi/$mod/v3 v$version (the SDK in pnpm-lock.yaml);" >&2
    echo "       run: (cd test/pulumi-cli && go get github.com/pulumi/pulumi/pkg/v3@v$version github.com/pulumi/pulumi/sdk/v3@v$version)" >&2
    exit 1
  fi
done

out="$root/.cache/pulumi-cli/$version"
bin="$out/pulumi"
if [ -x "$bin" ] && [ "$("$bin" version 2>/dev/null)" = "v$version" ]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is not installed; the Pulumi CLI v$version is built from the Go module proxy." >&2
  echo "       Install Go 1.21 or newer (https://go.dev/dl/; it fetches the toolchain go.mod asks for) and run test/pulumi-cli/install.sh again," >&2
  echo "       or set HUBNET_PULUMI_CLI=skip to skip the tests that run the CLI (reported as skipped)." >&2
  exit 1
fi

mkdir -p "$out"
echo "building the Pulumi CLI v$version from the Go module proxy (several minutes the first time)" >&2
cd "$here"
# -mod=mod: go.sum gains any checksum it lacks; go.mod's versions stay as pinned.
# The version string goes where upstream's release build puts it (sdk/go/common/version).
GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$bin.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$bin.tmp" "$bin"
echo "$bin"
