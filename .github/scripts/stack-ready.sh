#!/usr/bin/env bash
# A stack before its preview or its `pulumi up`: it exists, and the stack config its program needs is
# set (decision 0023). Values come from the environment only, never from the command line of a shell:
#   PROJECT  cluster | community          STACK   the stack (with the organization: <org>/<name>)
#   CONFIG   JSON list of {key, secret, command, why} (deploy-matrix.cjs: what the program requires)
#   SECRETS_PROVIDER  the network's secrets provider for a new stack (empty: the backend's default)
#
#   stack-ready.sh init    the deploy: a stack that does not exist is created (its first deploy), then
#                          its config is checked; a missing key stops it, naming what the platform owner does
#   stack-ready.sh check   a preview, with read-only credentials: a missing stack is reported, not created
#                          (exists=false in $GITHUB_OUTPUT), and an existing one's config is checked
set -euo pipefail
mode=${1:-}
case "$mode" in init | check) ;; *) echo "usage: stack-ready.sh init|check" >&2; exit 2 ;; esac
case "$PROJECT" in cluster | community) ;; *) echo "::error::unknown project: $PROJECT" >&2; exit 2 ;; esac
out=${GITHUB_OUTPUT:-/dev/null}
cd "stacks/$PROJECT"

if pulumi stack select "$STACK" >/dev/null 2>&1; then
  echo "stack $STACK exists"
elif [ "$mode" = init ]; then
  echo "stack $STACK does not exist: creating it (its first deploy)"
  args=()
  if [ -n "${SECRETS_PROVIDER:-}" ]; then args+=(--secrets-provider "$SECRETS_PROVIDER"); fi
  pulumi stack init "$STACK" "${args[@]}"
else
  echo "::notice::stack $STACK does not exist yet: nothing to preview. A platform owner creates it and sets its config (the pull request's comment says how); the deploy creates it otherwise and stops until its config is set."
  echo "exists=false" >>"$out"
  exit 0
fi
echo "exists=true" >>"$out"

missing=0
while IFS=$'\t' read -r key command why; do
  [ -n "$key" ] || continue
  # The value goes nowhere: only whether the key is set matters here.
  if ! pulumi config get --path "$key" --stack "$STACK" >/dev/null 2>&1; then
    echo "::error::stack $STACK has no $key ($why). A platform owner sets it, in stacks/$PROJECT: $command"
    missing=$((missing + 1))
  fi
done < <(jq -r '.[]? | [.key, .command, .why] | @tsv' <<<"${CONFIG:-[]}")
if [ "$missing" -gt 0 ]; then
  echo "::error::stack $STACK lacks $missing config value(s): nothing was deployed to it; set them, then run the deploy again (it retries every stack since the last good deploy)"
  exit 1
fi
echo "stack $STACK has every config value its program needs"
