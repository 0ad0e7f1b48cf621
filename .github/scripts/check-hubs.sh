#!/usr/bin/env bash
# `hubnet check` of every hub of one deploy batch, one after another (decision 0023: a wave's hubs are
# checked per batch, so a wave of any number of hubs is at most 256 jobs). Every hub is checked, then
# the job fails if any check failed. From the environment only:
#   BATCH, PLAN   as in batch-up.sh: .checks[BATCH] of the plan is the list of {community, hub, url}
#   STACK_PREFIX  as in batch-up.sh: the stack of a community is <STACK_PREFIX><community>
#   PULUMI_ACCESS_TOKEN, PULUMI_BACKEND_URL  the read-only credentials of the state (the health tokens)
# Each hub's JSON report goes to health-reports/<community>-<hub>.json (an artifact).
# The same check as health.yml's scheduled one: the token is the stack's secret output healthTokens.<hub>.
set -euo pipefail
HUBS=$(jq -c --arg id "${BATCH:-}" '.checks[$id] // []' "${PLAN:-deploy-plan.json}")
if [ "$(jq -r length <<<"$HUBS")" -eq 0 ]; then
  echo "::error::batch ${BATCH:-} has no hubs in the plan ${PLAN:-deploy-plan.json}: nothing checked" >&2
  exit 2
fi
mkdir -p health-reports
reports=$PWD/health-reports
failed=0
checked=0
while IFS=$'\t' read -r community hub url <&3; do
  checked=$((checked + 1))
  stack="${STACK_PREFIX:-}$community"
  # The hub's health-check token, masked, never printed.
  token=$(cd stacks/community && pulumi stack output healthTokens --show-secrets --json --stack "$stack" | jq -r --arg hub "$hub" '.[$hub] // empty') || token=""
  if [ -z "$token" ]; then
    echo "::error::no healthTokens.$hub output in stack $stack"
    failed=$((failed + 1))
    continue
  fi
  echo "::add-mask::$token"
  status=0
  HUBNET_HEALTH_TOKEN=$token pnpm -s hubnet check "$url" --token-env HUBNET_HEALTH_TOKEN --timeout 600 --json >"$reports/$community-$hub.json" || status=$?
  cat "$reports/$community-$hub.json"
  if [ "$status" -ne 0 ]; then
    echo "::error::hub $hub of $community ($url) failed its health check (exit $status)"
    failed=$((failed + 1))
  fi
done 3< <(jq -r '.[] | [.community, .hub, .url] | @tsv' <<<"$HUBS")
echo "$checked hub(s) checked, $failed failed"
[ "$failed" -eq 0 ]
