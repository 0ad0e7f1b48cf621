#!/usr/bin/env bash
# `pulumi up` of one stack with the policy pack (decision 0023). From the environment only:
#   PROJECT, STACK  as stack-ready.sh
#   EXCLUDE         JSON list of URNs left as they are in this up (the staging canary: a community's
#                   production hubs), each with everything that depends on it (--exclude-dependents:
#                   a hub's resources are its children). Empty or []: the whole stack.
set -euo pipefail
case "$PROJECT" in cluster | community) ;; *) echo "::error::unknown project: $PROJECT" >&2; exit 2 ;; esac
cd "stacks/$PROJECT"
# Relative to stacks/<project>: the pack is the repository's policies/ folder.
args=(up --yes --non-interactive --stack "$STACK" --policy-pack ../../policies --suppress-outputs)
excluded=0
while IFS= read -r urn; do
  [ -n "$urn" ] || continue
  args+=(--exclude "$urn")
  excluded=$((excluded + 1))
done < <(jq -r '.[]?' <<<"${EXCLUDE:-[]}")
if [ "$excluded" -gt 0 ]; then
  args+=(--exclude-dependents)
  echo "canary: this up leaves $excluded production hub(s) as they are; the production phase updates them after the staging checks"
fi
pulumi "${args[@]}"
