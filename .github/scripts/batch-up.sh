#!/usr/bin/env bash
# One batch of a deploy wave (decision 0023, `hubnet rollout`): its stacks one after another, each
# created and its config checked (stack-ready.sh init), then `pulumi up` (stack-up.sh; a staging-only
# up excludes the community's other hubs). The first stack that fails stops the batch: the stacks
# after it are not deployed, and the failed job stops its wave and every later one. From the
# environment only:
#   BATCH         the batch's id (its matrix entry)   PLAN  the run's plan file (default deploy-plan.json)
#                 from deploy-matrix.cjs --rollout: .batches[BATCH] is the list of
#                 {project, stack, target, config, exclude?} deployed in order
#   STACK_PREFIX  the organization part of each stack's name (<org>/), may be empty
#   UP_TIMEOUT    bound of one stack's `pulumi up` (timeout(1) duration; default 90m); on it, pulumi gets
#                 SIGINT (it finishes its in-flight operations), and is killed 10 minutes later
#   and what stack-ready.sh and stack-up.sh read (SECRETS_PROVIDER, PULUMI_ACCESS_TOKEN, ...).
# A cluster stack that deployed is marked in deployed/<cluster> (an artifact: its communities' check).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STACKS=$(jq -c --arg id "${BATCH:-}" '.batches[$id] // []' "${PLAN:-deploy-plan.json}")
total=$(jq -r 'length' <<<"$STACKS")
if [ "$total" -eq 0 ]; then
  echo "::error::batch ${BATCH:-} is not in the plan ${PLAN:-deploy-plan.json}: nothing deployed" >&2
  exit 2
fi
i=0
while IFS= read -r row <&3; do
  i=$((i + 1))
  PROJECT=$(jq -r '.project' <<<"$row")
  name=$(jq -r '.stack' <<<"$row")
  STACK="${STACK_PREFIX:-}$name"
  CONFIG=$(jq -c '.config // []' <<<"$row")
  EXCLUDE=$(jq -c '.exclude // []' <<<"$row")
  export PROJECT STACK CONFIG EXCLUDE
  echo "::group::$i/$total $PROJECT $STACK ($(jq -r '.target' <<<"$row"))"
  status=0
  bash "$here/stack-ready.sh" init || status=$?
  if [ "$status" -eq 0 ]; then
    timeout --signal=INT --kill-after=10m "${UP_TIMEOUT:-90m}" bash "$here/stack-up.sh" || status=$?
  fi
  echo "::endgroup::"
  if [ "$status" -ne 0 ]; then
    echo "::error::$PROJECT stack $STACK failed (exit $status): the $((total - i)) stack(s) after it in this batch were not deployed; the next deploy retries every stack since the last good deploy"
    exit 1
  fi
  if [ "$PROJECT" = cluster ]; then
    mkdir -p deployed
    echo ok >"deployed/$name"
  fi
done 3< <(jq -c '.[]' <<<"$STACKS")
echo "deployed $total stack(s)"
