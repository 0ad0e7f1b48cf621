#!/usr/bin/env bash
# Whether the deploy's guard may accept data loss: allow=true in $GITHUB_OUTPUT when a platform owner
# ran the deploy by hand with allow-data-loss (the production Environment's rules apply to that run),
# or when every commit the run deploys (first parents of BASE..HEAD) is the merge of a pull request that
# carries the label hubnet/allow-data-loss. A range with one unlabelled pull request does not allow it:
# the guard cannot tell which pull request loses the data.
#   BASE, DISPATCH_ALLOW (true|false), REPOSITORY (owner/name), GH_TOKEN (pull-requests: read)
set -euo pipefail
out=${GITHUB_OUTPUT:-/dev/stdout}
label=hubnet/allow-data-loss
if [ "${DISPATCH_ALLOW:-false}" = "true" ]; then
  echo "::warning::data loss allowed by hand for this run (workflow_dispatch allow-data-loss)"
  echo "allow=true" >>"$out"
  exit 0
fi
allow=true
count=0
for sha in $(git rev-list --first-parent "$BASE..HEAD"); do
  count=$((count + 1))
  labelled=$(gh api "repos/$REPOSITORY/commits/$sha/pulls" --jq "[.[] | select(.merged_at != null) | .labels[].name] | index(\"$label\") != null")
  if [ "$labelled" != "true" ]; then
    allow=false
    echo "commit $sha is not the merge of a pull request labelled $label"
  fi
done
[ "$count" -gt 0 ] || allow=false
echo "allow=$allow" >>"$out"
